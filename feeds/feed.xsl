<?xml version="1.0" encoding="UTF-8"?>
<!-- made by feedsmith for https://mining.example.org/feeds/ -->
<!-- An RSS or Atom feed opened in a browser that still runs XSLT, as a
     page: what the feed is, how to subscribe (the address to copy and links
     to readers' subscribe pages), a link to the site and to the page that
     lists all feeds, then the newest items with links, dates and summaries.
     XSLT 1.0, one sheet for both formats; the page needs no other file. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">

  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:variable name="months" select="'JanFebMarAprMayJunJulAugSepOctNovDec'"/>
  <!-- whether index.html lists every feed (feeds.index) -->
  <xsl:variable name="index" select="true()"/>

  <xsl:template match="/">
    <xsl:variable name="feed" select="/rss/channel | /atom:feed"/>
    <xsl:variable name="title" select="$feed/title | $feed/atom:title"/>
    <xsl:variable name="self" select="$feed/atom:link[@rel = 'self']/@href"/>
    <xsl:variable name="site"
        select="$feed/link | $feed/atom:link[@rel = 'alternate']/@href"/>
    <xsl:variable name="language" select="$feed/language | /atom:feed/@xml:lang"/>
    <xsl:variable name="kind">
      <xsl:choose>
        <xsl:when test="/rss">RSS</xsl:when>
        <xsl:otherwise>Atom</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <!-- The way from this feed to the output folder, as its own
         xml-stylesheet instruction names this sheet: "" or "../../". -->
    <xsl:variable name="up" select="substring-before(substring-after(
        /processing-instruction('xml-stylesheet')[contains(., 'text/xsl')],
        'href=&quot;'), 'feed.xsl&quot;')"/>
    <xsl:variable name="encoded">
      <xsl:call-template name="encode">
        <xsl:with-param name="text" select="$self"/>
      </xsl:call-template>
    </xsl:variable>
    <html>
      <xsl:if test="$language">
        <xsl:attribute name="lang">
          <xsl:value-of select="$language"/>
        </xsl:attribute>
      </xsl:if>
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <title><xsl:value-of select="$title"/> (<xsl:value-of select="$kind"/> feed)</title>
        <style>
          :root {
            --text: #1f2328; --muted: #59636e; --background: #ffffff;
            --panel: #f3f6f9; --line: #d1d9e0; --accent: #b3470b;
            --link: #0b57d0; color-scheme: light dark;
          }
          @media (prefers-color-scheme: dark) {
            :root {
              --text: #e6edf3; --muted: #9198a1; --background: #15191e;
              --panel: #1f252c; --line: #3a434d; --accent: #f08a4b;
              --link: #8ab4f8;
            }
          }
          html {
            background: var(--background); color: var(--text);
            font-size: 1.0625rem; /* as feed.css's root, which sets its rem */
          }
          body {
            max-width: 44rem; margin: 0 auto; padding: 2.5rem 1.25rem 4rem;
            font: 1rem/1.6 system-ui, -apple-system, "Segoe UI", Roboto,
              "Noto Sans", "Liberation Sans", sans-serif;
          }
          /* Chromium lays its banner about XSLT's removal over the page's
             top: start the page below it. */
          body:has(> xslt-warning-banner) { padding-top: 8.5rem; }
          a { color: var(--link); }
          .kind {
            margin: 0 0 0.75rem; color: var(--accent); font-size: 0.8125rem;
            font-weight: 700; letter-spacing: 0.08em; text-transform: uppercase;
          }
          h1 {
            margin: 0 0 0.5rem; font-size: 2.25rem; line-height: 1.2;
            letter-spacing: -0.01em;
          }
          .description { margin: 0 0 0.5rem; color: var(--muted); font-size: 1.1875rem; }
          .places { margin: 0; font-size: 0.9375rem; }
          .places a + a::before { content: "·"; margin: 0 0.5rem; color: var(--muted); }
          .subscribe {
            margin: 2rem 0 2.5rem; padding: 1.25rem 1.5rem;
            border: 1px solid var(--line); border-left: 4px solid var(--accent);
            border-radius: 0.5rem; background: var(--panel); font-size: 1rem;
          }
          .subscribe p { margin: 0 0 0.75rem; }
          .subscribe p:last-child { margin: 0; }
          code {
            display: block; margin: 0 0 0.75rem; padding: 0.5rem 0.75rem;
            border: 1px solid var(--line); border-radius: 0.375rem;
            background: var(--background); font-size: 0.9375rem;
            font-family: ui-monospace, "SF Mono", Menlo, Consolas,
              "Liberation Mono", monospace;
            overflow-wrap: anywhere; user-select: all;
          }
          h2 { margin: 0 0 0.5rem; font-size: 1.375rem; }
          article { padding: 1.25rem 0; border-top: 1px solid var(--line); }
          h2 + article { border-top: 0; }
          h3 { margin: 0; font-size: 1.25rem; font-weight: 650; line-height: 1.35; }
          h3 a { color: inherit; text-decoration: none; }
          h3 a:hover { color: var(--link); text-decoration: underline; }
          time { display: block; margin: 0.25rem 0 0.5rem; color: var(--muted); font-size: 0.875rem; }
          article p { margin: 0; }
        </style>
      </head>
      <body>
        <header>
          <p class="kind"><xsl:value-of select="$kind"/> feed</p>
          <h1><xsl:value-of select="$title"/></h1>
          <p class="description">
            <xsl:value-of select="$feed/description | $feed/atom:subtitle"/>
          </p>
          <p class="places">
            <a href="{$site}">Visit the website</a>
            <xsl:if test="$index">
              <a href="{$up}index.html">All feeds of this site</a>
            </xsl:if>
          </p>
        </header>
        <section class="subscribe" aria-label="How to subscribe">
          <p>This is a web feed: a list of the site's newest articles that
          feed readers check for you. Subscribe, and new articles come to
          your reader as they appear, with no account on this site and no
          email.</p>
          <p>To subscribe, copy this address into your feed reader:</p>
          <code><xsl:value-of select="$self"/></code>
          <p>Or subscribe with one click in
            <a href="https://feedly.com/i/subscription/feed/{$encoded}">Feedly</a>,
            <a href="https://www.inoreader.com/?add_feed={$encoded}">Inoreader</a> or
            <a href="https://www.newsblur.com/?url={$encoded}">NewsBlur</a>.</p>
        </section>
        <main>
          <h2>Recent articles</h2>
          <xsl:for-each select="$feed/item | $feed/atom:entry">
            <article>
              <h3>
                <a href="{link | atom:link[not(@rel) or @rel = 'alternate']/@href}">
                  <xsl:value-of select="title | atom:title"/>
                </a>
              </h3>
              <xsl:call-template name="date">
                <xsl:with-param name="value" select="normalize-space(
                    pubDate | atom:published | atom:updated[not(../atom:published)])"/>
              </xsl:call-template>
              <xsl:if test="description | atom:summary">
                <p>
                  <xsl:call-template name="unescape">
                    <xsl:with-param name="text" select="description | atom:summary"/>
                  </xsl:call-template>
                </p>
              </xsl:if>
            </article>
          </xsl:for-each>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- A day a person reads ("3 Jun 2025") from an RSS date (RFC 822:
       "Tue, 03 Jun 2025 00:00:00 +0800") or an Atom one (RFC 3339:
       "2025-06-03T00:00:00+08:00"), in the feed's own time zone. -->
  <xsl:template name="date">
    <xsl:param name="value"/>
    <xsl:variable name="iso" select="substring($value, 5, 1) = '-'"/>
    <xsl:variable name="rfc822">
      <xsl:choose>
        <xsl:when test="contains($value, ',')">
          <xsl:value-of select="normalize-space(substring-after($value, ','))"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="$value"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="day">
      <xsl:choose>
        <xsl:when test="$iso">
          <xsl:value-of select="number(substring($value, 9, 2))"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="number(substring-before($rfc822, ' '))"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="month">
      <xsl:choose>
        <xsl:when test="$iso">
          <xsl:value-of select="number(substring($value, 6, 2))"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="string-length(substring-before($months,
              substring(substring-after($rfc822, ' '), 1, 3))) div 3 + 1"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="year">
      <xsl:choose>
        <xsl:when test="$iso">
          <xsl:value-of select="substring($value, 1, 4)"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="substring-before(
              substring-after(substring-after($rfc822, ' '), ' '), ' ')"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$day &gt; 0 and $month &gt; 0 and $month &lt; 13 and number($year) &gt; 0">
        <time datetime="{$year}-{format-number($month, '00')}-{format-number($day, '00')}">
          <xsl:value-of select="concat($day, ' ', substring($months, $month * 3 - 2, 3), ' ', $year)"/>
        </time>
      </xsl:when>
      <xsl:when test="$value">
        <time><xsl:value-of select="$value"/></time>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- A summary as its text: feedsmith writes the plain-text summary as
       HTML with &, < and > escaped, so a browser must not see "&amp;lt;".
       &amp; goes last, so "&amp;lt;" becomes the text "&lt;". -->
  <xsl:template name="unescape">
    <xsl:param name="text"/>
    <xsl:call-template name="replace">
      <xsl:with-param name="from" select="'&amp;amp;'"/>
      <xsl:with-param name="to" select="'&amp;'"/>
      <xsl:with-param name="text">
        <xsl:call-template name="replace">
          <xsl:with-param name="from" select="'&amp;gt;'"/>
          <xsl:with-param name="to" select="'&gt;'"/>
          <xsl:with-param name="text">
            <xsl:call-template name="replace">
              <xsl:with-param name="from" select="'&amp;lt;'"/>
              <xsl:with-param name="to" select="'&lt;'"/>
              <xsl:with-param name="text" select="$text"/>
            </xsl:call-template>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The feed's address as a query value or path segment of a reader's
       subscribe page: the characters that would end or change it,
       percent-encoded ("%" first, so no code is encoded twice). -->
  <xsl:template name="encode">
    <xsl:param name="text"/>
    <xsl:param name="characters" select="'%&amp;#+? '"/>
    <xsl:param name="codes" select="'%25%26%23%2B%3F%20'"/>
    <xsl:choose>
      <xsl:when test="$characters = ''">
        <xsl:value-of select="$text"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="encode">
          <xsl:with-param name="characters" select="substring($characters, 2)"/>
          <xsl:with-param name="codes" select="substring($codes, 4)"/>
          <xsl:with-param name="text">
            <xsl:call-template name="replace">
              <xsl:with-param name="text" select="$text"/>
              <xsl:with-param name="from" select="substring($characters, 1, 1)"/>
              <xsl:with-param name="to" select="substring($codes, 1, 3)"/>
            </xsl:call-template>
          </xsl:with-param>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="replace">
    <xsl:param name="text"/>
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:choose>
      <xsl:when test="contains($text, $from)">
        <xsl:value-of select="concat(substring-before($text, $from), $to)"/>
        <xsl:call-template name="replace">
          <xsl:with-param name="text" select="substring-after($text, $from)"/>
          <xsl:with-param name="from" select="$from"/>
          <xsl:with-param name="to" select="$to"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$text"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
