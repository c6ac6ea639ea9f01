// What a reader at 200 % zoom would trip over, measured in the page.
import type { Page } from "playwright-core";
import { expect } from "vitest";

import type { Session } from "./browser";
import { axeViolations } from "./chromium";

/** A page at 200 % zoom: a 1280 × 800 window is 640 × 400 CSS pixels, two device pixels each. */
export async function zoomedPage(s: Session): Promise<Page> {
  const context = await s.browser.newContext({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
  return context.newPage();
}

/** No horizontal scroll, nothing cut off, and axe finds nothing. */
export async function expectReadable(page: Page, what: string): Promise<void> {
  expect(await layoutProblems(page), what).toEqual([]);
  expect(await axeViolations(page), what).toEqual([]);
}

/**
 * What breaks reading at this width: a horizontal scroll bar (with the elements
 * sticking out), and focusable controls cut off on the left or the right.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const describe = (el: Element) => {
      const name = (el.getAttribute("aria-label") ?? el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.trim().replace(/\s+/g, ".")}` : ""} « ${name} »`;
    };
    const shown = (el: Element) => el.getClientRects().length > 0 && el.checkVisibility({ visibilityProperty: true, opacityProperty: false });
    const problems: string[] = [];
    if (root.scrollWidth > width + 1) {
      problems.push(`horizontal scroll: ${root.scrollWidth}px of content for ${width}px`);
      // The innermost elements sticking out, to say what to fix.
      const out = [...document.body.querySelectorAll("*")].filter((el) => shown(el) && el.getBoundingClientRect().right > width + 1);
      for (const el of out.filter((el) => !out.some((other) => other !== el && el.contains(other))).slice(0, 8)) {
        problems.push(`sticks out (right ${Math.round(el.getBoundingClientRect().right)}px): ${describe(el)}`);
      }
    }
    const focusable = document.querySelectorAll(
      'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]',
    );
    for (const el of focusable) {
      if (!shown(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.width <= 1 && r.height <= 1) continue; // visually hidden on purpose
      if (r.left < -1 || r.right > width + 1) {
        problems.push(`cut off (${Math.round(r.left)}px to ${Math.round(r.right)}px of ${width}px): ${describe(el)}`);
      }
    }
    return problems;
  });
}

