"""Eleventy's two slug filters, as Eleventy 3.1.8 applies them.

- ``slugify`` (documented): transliterates, lowercases, and joins the runs
  of letters and digits with ``-``;
- ``slug`` (deprecated, still shipped): its own character table, then
  whitespace runs become ``-``; most punctuation stays.

Neither is a generic "fold to ASCII": ``Ü`` is ``ue`` but ``Ï`` is ``i``,
``€`` is ``e`` to one and ``euro`` to the other. The tables below were
measured by running each filter of the pinned install on every Unicode code
point (see ``docs/profiles/eleventy.md``), and hold only the characters
where the plain rule of each function disagrees with the filter.

Tables are runs ``<first code point, hex>:<value>,<value>,...;`` over
consecutive code points; ranges are ``<hex>-<hex>`` or one ``<hex>``.
"""

from __future__ import annotations

import re
import unicodedata

# Characters slugify drops without a trace (diacritics that are no combining mark):
_SLUGIFY_DROPPED = (
    "5e 60 a8 af b4 b7-b8 2b0-2ff 374-375 37a 384-385 387 42a 42c 44a 44c 559 "
    "6e5-6e6 7b0 7f4-7f5 8c9 971 afd-aff b55 e47 e4c e4e ecc f3e-f3f 1063-1064 "
    "1069-106d 1087-108c 108f 109a-109b 17c9-17d1 17d3 1abe 1acf-1add 1ae0-1aeb "
    "1c36 1c78-1c7d 1cd3 1ce1 1cf7 1d2c-1d6a 1d9b-1dbe 1fbd 1fbf-1fc1 1fcd-1fcf "
    "1fdd-1fdf 1fed-1fef 1ffd-1ffe 2e2f 309b-309c 30fc a67f a69c-a69d a700-a721 "
    "a788-a78a a7f1 a7f8-a7f9 a92e a9e5 aa7b-aa7d aac0 aac2 ab5b-ab5f ab69-ab6b "
    "abec ff3e ff40 ff70 ff9e-ff9f ffe3 10780-10785 10787-107b0 107b2-107ba "
    "10d22-10d23 10d4e 10d69-10d6d 10efa 10efd-10eff 111cb-111cc 113ce-113d0 "
    "113d2-113d3 113e1-113e2 11dd9 11f41-11f42 11f5a 13447-13455 1612f "
    "16d6b-16d6c 16f8f-16f9f 1aff0-1aff3 1aff5-1affb 1affd-1affe 1cf00-1cf2d "
    "1cf30-1cf46 1e030-1e06d 1e5ee-1e5ef"
)

# Combining marks slugify keeps (so they separate words, as any symbol):
_SLUGIFY_KEPT_MARKS = (
    "358-35c 363-36f 610-61a 653-656 659-65f 670 6d6-6dc 6e1-6e4 6e7-6e8 6ed 711 "
    "7fd 816-817 81b-823 825-827 829-82d 859-85b 8d3-8e1 8ff 9fe c55-c56 e38-e39 "
    "eb8-eb9 f71-f72 f74 f7a-f7d f80 18a9 1a17-1a18 1abf-1ac0 1acc-1ace 1dc0-1dc3 "
    "1dd0-1df4 20d0-20dc 20e1 20e5-20f0 2d7f 2de0-2dff a674-a67b a69e-a69f aab0 "
    "aab2-aab4 aab7-aab8 aabe 101fd 10376-1037a 10a0d 10a0f 10eab-10eac 1107f "
    "11100-11102 1145e 1bc9e 1d165-1d166 1d242-1d244 1e000-1e006 1e008-1e018 "
    "1e01b-1e021 1e023-1e024 1e026-1e02a 1e947"
)

# What slugify writes for a character, where folding its accents does not tell:
_SLUGIFY_TABLE = (
    "26:-and-;a2:c;a5:y;c4:ae;c6:ae;d0:d;d6:oe;d8:o;dc:ue;de:th,ss;e4:ae;e6:ae;f0"
    ":d;f6:oe;f8:o;fc:ue;fe:th;110:d,d;126:h,h;131:i,ij,ij;141:l,l;386:a;388:e,i,"
    "i;38c:o;38e:y,o,i,a,b,g,d,e,z,i,th,i,k,l,m,n,ks,o,p,r;3a3:s,t,y,f,x,ps,o,i,y"
    ",a,e,i,i,y,a,v,g,d,e,z,i,th,i,k,l,m,n,ks,o,p,r,s,s,t,y,f,x,ps,o,i,y,o,y,o;40"
    "1:yo;404:ye;406:i,yi;409:lj,nj;40c:kj;410:a,b,v,g,d,e,zh,z,i,y,k,l,m,n,o,p,r"
    ",s,t,u,f,kh,ts,ch,sh,sch;42b:y;42d:e,yu,ya,a,b,v,g,d,e,zh,z,i,y,k,l,m,n,o,p,"
    "r,s,t,u,f,kh,ts,ch,sh,sch;44b:y;44d:e,yu,ya;451:yo;454:ye;456:i,yi;459:lj,nj"
    ";45c:kj;490:g,g;531:a,b,g,d,ye,z,e,y,t,zh,i,l,kh,ts,k,h,dz,gh,tch,m,y,n,sh,v"
    "o,ch,p,j,r,s,v,t,r,c;553:p,q,o,f;561:a,b,g,d,ye,z,e,y,t,zh,i,l,kh,ts,k,h,dz,"
    "gh,tch,m,y,n,sh,vo,ch,p,j,r,s,v,t,r,c;583:p,q,o,f,yev;621:e,a,a,w,i,y,a,b,t,"
    "t,th,j,h,kh,d,dh,r,z,s,sh,s,d,t,z,e,gh;641:f,q,k,l,m,n,h,w,a,y;64f:u;660:0,1"
    ",2,3,4,5,6,7,8,9;679:t;67c:p;67e:p;681:z;685:c,ch;688:d,d;691:r;693:r;696:g;"
    "698:zh;69a:x;6a9:k;6ab:g;6af:g;6ba:n;6bc:n;6be:h;6c0:e,h;6cc:y,ai;6d0:e;6d2:"
    "e;6f0:0,1,2,3,4,5,6,7,8,9;780:h,sh,n,r,b,lh,k,a,v,m,f,dh,th,l,g,gn,s,d,z,t,y"
    ",p,j,ch,tt,hh,kh,th,z,sh,s,d,t,z,a,gh,q,w,a,aa,i,ee,u,oo,e,ey,o,oa;7ff:b;9f3"
    ":t;af1:bo;e3f:b;f73:-;f75:-;f81:-;10d0:a,b,g,d,e,v,z,t,i,k,l,m,n,o,p,zh,r,s,"
    "t,u,ph,q,gh,k,sh,ch,ts,dz,ts,tch,kh,j,h;1e9e:ss;1f71:a;1f73:e;1f75:i;1f77:i;"
    "1f79:o;1f7b:y;1f7d:o;1fbb:a;1fbe:i;1fc9:e;1fcb:i;1fd3:i;1fdb:i;1fe3:y;1feb:y"
    ";1ff9:o;1ffb:o;20a0:ce,c,cr,f;20a5:m,n,pt,rs,w;20ab:s,e,k,t,dp,s,p,g,a,s,c,t"
    "t,s,t,r,l;20bd:p;20bf:b;2126:o;2474:1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,1"
    "7,18,19,20;24b6:-a-,-b-,-c-,-d-,-e-,-f-,-g-,-h-,-i-,-j-,-k-,-l-,-,-n-,-o-,-p"
    "-,-q-,-r-,-s-,-t-,-u-,-v-,-w-,-x-,-y-,-z-,-a-,-b-,-b-,-c-,-e-,-f-,-g-,-h-,-i"
    "-,-j-,-k-,-l-,-m-,-n-,-o-,-p-,-q-,-r-,-s-,-t-,-u-,-v-,-w-,-x-,-y-,-z-;24eb:1"
    "1,12,13,14,15,16,17,18,19,20,1,2,3,4,5,6,7,8,9,10,0;2665:-love-;feab:d;fead:"
    "r;feaf:z;ffe0:c;ffe5:y,w;1d4c0:h;1d546:n;1d6a4:l,j;1d6e2:a,b,g,d,e,z,i,th,i,"
    "k,l,m,n,ks,o,p,r,th,s,t,y,f,x,ps,o,d,a,b,g,d,e,z,i,th,i,k,l,m,n,ks,o,p,r,s,s"
    ",t,y,f,x,ps,o,d,e,th,k,f,r,p,a,v,g,d,e,z,i,th,i,k,l,m,n,ks,o,p,s,th,s,t,y,f,"
    "x,ps,o,d,a,v,g,d,e,z,i,th,i,k,l,m,n,ks,o,p,r,s,s,t,y,f,x,ps,o,a,e,i,k,f,r,p,"
    "a,b,g,d,e,z,i,th,i,k,l,m,n,ks,o,p,r,th,s,t,y,f,x,ps,o,d,a,v,g,d,e,z,i,th,i,k"
    ",l,m,n,ks,o,p,r,s,s,t,y,f,x,ps,o,a,e,i,k,f,r,p,a,v,g,d,e,z,i,th,i,k,l,m,n,ks"
    ",o,p,s,th,s,t,y,f,x,ps,o,d,av,g,d,e,z,i,i,th,i,k,l,m,n,ks,o,p,r,s,s,t,y,f,x,"
    "ps,o,a,e,i,k,f,r,p,f,f;1f172:c,d,e,f,g,h,i,j,k,l,m,n;1f17f:p,q,r,s,t,u,v,w,x"
    ",y,z;1f18e:ab;1f191:cl;1f198:sos;1f4af:100;1f519:back,end,on-,soon,top,18,10"
    ",abcd,abcd,1234,t-and-,abc;1f670:-and-,-and-,-and-,-and-,-and-,-and-;1f705:v"
    "f,vr,ar,v,v;1f729:2,5;1f761:f,w,u;1f767:v,t;1f76a:v,mb,vb;1f772:3b,3b;1f984:"
    "-unicorn-"
)

# What the older slug filter writes for a character (- for a space):
_SLUG_TABLE = (
    "24:dollar,percent,and;3c:less;3e:greater;7c:or;a2:cent,pound,currency,yen;a9"
    ":(c),a;ae:(r);ba:o;c0:a,a,a,a,a,a,ae,c,e,e,e,e,i,i,i,i,d,n,o,o,o,o,o;d8:o,u,"
    "u,u,u,y,th,ss,a,a,a,a,a,a,ae,c,e,e,e,e,i,i,i,i,d,n,o,o,o,o,o;f8:o,u,u,u,u,y,"
    "th,y,a,a,a,a,a,a,c,c;10c:c,c,d,d,dj,dj,e,e;116:e,e,e,e,e,e;11e:g,g;122:g,g;1"
    "28:i,i,i,i;12e:i,i,i,i;136:k,k;13b:l,l,l,l;141:l,l,n,n,n,n,n,n;14c:o,o;150:o"
    ",o,oe,oe,r,r;158:r,r,s,s;15e:s,s,s,s,t,t,t,t;168:u,u,u,u;16e:u,u,u,u,u,u,w,w"
    ",y,y,y,z,z,z,z,z,z;18f:e;192:f;1a0:o,o;1af:u,u;1c8:lj,lj;1cb:nj,nj;218:s,s,t"
    ",t;259:e;2da:o;386:a;388:e,h,i;38c:o;38e:y,w,i,a,b,g,d,e,z,h,8,i,k,l,m,n,3,o"
    ",p,r;3a3:s,t,y,f,x,ps,w,i,y,a,e,h,i,y,a,b,g,d,e,z,h,8,i,k,l,m,n,3,o,p,r,s,s,"
    "t,y,f,x,ps,w,i,y,o,y,w;401:yo,dj;404:ye;406:i,yi,j,lj,nj,c;40f:dz,a,b,v,g,d,"
    "e,zh,z,i,j,k,l,m,n,o,p,r,s,t,u,f,h,c,ch,sh,sh,u,y;42d:e,yu,ya,a,b,v,g,d,e,zh"
    ",z,i,j,k,l,m,n,o,p,r,s,t,u,f,h,c,ch,sh,sh,u,y;44d:e,yu,ya;451:yo,dj;454:ye;4"
    "56:i,yi,j,lj,nj,c;45d:u;45f:dz;490:g,g,gh,gh;49a:kh,kh;4a2:ng,ng;4ae:ue,ue,u"
    ",u;4ba:h,h;4d8:ae,ae;4e8:oe,oe;531:a,b,g,d,e,z,e',y',t',jh,i,l,x,c',k,h,d',g"
    "h,tw,m,y,n,sh;549:ch,p,j,r',s,v,t,r,c;553:p',q',o'',f;587:ev;621:a,aa,a,u,i,"
    "e,a,b,h,t,th,j,h,kh,d,th,r,z,s,sh,s,dh,t,z,a,gh;641:f,q,k,l,m,n,h,w,a,y,an,o"
    "n,en,a,u,e;660:0,1,2,3,4,5,6,7,8,9;67e:p;686:ch;698:zh;6a9:k;6af:g;6cc:y;6f0"
    ":0,1,2,3,4,5,6,7,8,9;e3f:baht;10d0:a,b,g,d,e,v,z,t,i,k,l,m,n,o,p,zh,r,s,t,u,"
    "f,k,gh,q,sh,ch,ts,dz,ts,ch,kh,j,h;1e62:s,s;1e80:w,w,w,w,w,w;1e9e:ss;1ea0:a,a"
    ",a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,e,e,e,e,e,e,e,e,e,e,e,e,e,e,e,e"
    ",i,i,i,i,o,o,o,o,o,o,o,o,o,o,o,o,o,o,o,o,o,o,o,o,o,o,o,o,u,u,u,u,u,u,u,u,u,u"
    ",u,u,u,u,y,y,y,y,y,y,y,y;1f71:a;1f73:e;1f75:h;1f77:i;1f79:o;1f7b:y;1f7d:w;1f"
    "bb:a;1fbe:i;1fc9:e;1fcb:h;1fd3:i;1fdb:i;1fe3:y;1feb:y;1ff9:o;1ffb:w;2013:-;2"
    '018:\',\';201c:",",";2020:+;2022:*;2026:...;20a0:ecu;20a2:cruzeiro,french-fran'
    "c,lira,mill,naira,peseta,rupee,won,new-shequel,dong,euro,kip,tugrik,drachma,"
    "penny,peso,guarani,austral,hryvnia,cedi;20b8:kazakhstani-tenge,indian-rupee,"
    "turkish-lira;20bd:russian-ruble;20bf:bitcoin;2120:sm;2122:tm;2126:w;212a:k,a"
    ";2202:d;2206:delta;2211:sum;221e:infinity;2665:love;5143:yuan;5186:yen;fdfc:"
    "rial;fef5:laa;fef7:laa;fef9:lai;fefb:la"
)

# The three replacements slugify makes with spaces around them.
_SPACED = {"&": " and ", "\u2665": " love ", "\U0001f984": " unicorn "}
# Sequences slugify replaces as a whole (measured: the others it lists
# give what their characters give one by one).
_SEQUENCES = {
    "\u064e\u200e": "a",  # Arabic fatha, left-to-right mark
    "\u0650\u200e": "i",  # Arabic kasra, left-to-right mark
    **{f"{hard}{e}": "ye" for hard in "\u044a\u042a" for e in "\u0435\u0415"},
    **{f"{y}{short}": "iy" for y in "\u044b\u042b" for short in "\u0439\u0419"},
    **{f"{digit}\ufe0f\u20e3": digit for digit in "0123456789"},  # keycaps
    "\U0001f170\ufe0f": "a",
    "\U0001f171\ufe0f": "b",
    "\U0001f17e\ufe0f": "o",
}
# Blocks slugify reads by their compatibility form (circled, mathematical letters).
_COMPATIBLE = ((0x2460, 0x24FF), (0x1D400, 0x1D7FF))
# Whitespace to JavaScript's \\s, which the contraction rule and slug use.
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_CONTRACTION = re.compile(rf"([a-zA-Z0-9]+)'([ts])([{_JS_SPACE}]|$)")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_SLUG_KEPT = re.compile(r"[\w$*+~.()'\"!:@]", re.ASCII)
_JS_SPACE_MATCH = re.compile(f"[{_JS_SPACE}]")
_SPACES = re.compile(" +")


def _runs(blob: str) -> dict[str, str]:
    table = {}
    for run in blob.split(";"):
        first, _, values = run.partition(":")
        for offset, value in enumerate(values.split(",")):
            table[chr(int(first, 16) + offset)] = value
    return table


def _ranges(blob: str) -> frozenset[str]:
    found: set[str] = set()
    for part in blob.split():
        first, _, last = part.partition("-")
        found.update(map(chr, range(int(first, 16), int(last or first, 16) + 1)))
    return frozenset(found)


_SLUGIFY = {**_runs(_SLUGIFY_TABLE), **_SPACED}
_DROPPED = _ranges(_SLUGIFY_DROPPED)
_KEPT_MARKS = _ranges(_SLUGIFY_KEPT_MARKS)
_SLUG = {char: value.replace("-", " ") for char, value in _runs(_SLUG_TABLE).items()}


def _transliterated(char: str) -> str:
    """What slugify's transliteration makes of one character (before case)."""
    found = _SLUGIFY.get(char)
    if found is not None:
        return found
    if char in _DROPPED:
        return ""
    if char.isascii():
        return char
    point = ord(char)
    compatible = any(a <= point <= b for a, b in _COMPATIBLE)
    kept = "".join(
        part
        for part in unicodedata.normalize("NFKD" if compatible else "NFD", char)
        if not unicodedata.combining(part) or part in _KEPT_MARKS
    )
    return unicodedata.normalize("NFC", kept)


def slugify(text: str) -> str:
    """Eleventy's ``slugify`` filter."""
    text = unicodedata.normalize("NFC", text)
    if not text.isascii():
        for sequence, value in _SEQUENCES.items():
            text = text.replace(sequence, value)
    text = "".join(map(_transliterated, text)).lower()
    text = _CONTRACTION.sub(r"\1\2\3", text)
    return _NOT_ALNUM.sub("-", text).strip("-")


def slug(text: str) -> str:
    """Eleventy's older ``slug`` filter. It reads UTF-16 units: a character
    outside the Basic Multilingual Plane is two, and neither is kept."""
    pieces = []
    for char in unicodedata.normalize("NFC", text):
        value = _SLUG.get(char)
        if value is None:
            spaced = char == "-" or _JS_SPACE_MATCH.match(char)
            value = " " if spaced else "".join(_SLUG_KEPT.findall(char))
        pieces.append(value)
    return _SPACES.sub("-", "".join(pieces).strip(" ")).lower()
