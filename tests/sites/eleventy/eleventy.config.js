import { HtmlBasePlugin, InputPathToUrlTransformPlugin } from "@11ty/eleventy";
import { feedPlugin } from "@11ty/eleventy-plugin-rss";

export default function (eleventyConfig) {
  // Drafts, as the Eleventy documentation suggests: kept out of builds.
  eleventyConfig.addPreprocessor("drafts", "*", (data) => {
    if (data.draft && process.env.ELEVENTY_RUN_MODE === "build") {
      return false;
    }
  });

  // As in eleventy-base-blog: a link to a post's source file leads to its
  // page, and root-relative URLs get the pathPrefix. Registered here, before
  // the feed plugin: when only that plugin registers HtmlBasePlugin, every
  // page gets the prefix twice (11ty/eleventy#3547, 11ty/eleventy-plugin-rss#60).
  eleventyConfig.addPlugin(InputPathToUrlTransformPlugin);
  eleventyConfig.addPlugin(HtmlBasePlugin);

  eleventyConfig.addPassthroughCopy("img");
  eleventyConfig.addPassthroughCopy("robots.txt");
  eleventyConfig.addPassthroughCopy("posts/**/*.txt");

  eleventyConfig.addPlugin(feedPlugin, {
    type: "atom",
    outputPath: "/feed.xml",
    collection: { name: "posts", limit: 0 },
    metadata: {
      language: "en-GB",
      title: "Lamp & Ledger",
      subtitle: "Notes from a small workshop.",
      base: "https://example.org/",
      author: { name: "Ada Example", email: "ada@example.org" },
    },
  });

  eleventyConfig.ignores.add("README.md");
  eleventyConfig.ignores.add("expected.json");
}

export const config = {
  pathPrefix: "/blog/",
  dir: { input: ".", includes: "_includes", data: "_data", output: "_site" },
};
