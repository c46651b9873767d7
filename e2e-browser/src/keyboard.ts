import { expect,type Locator, type Page } from '@playwright/test';

/**
 * How the focused element and its nearest ancestors are drawn: a focus indicator may sit on the
 * element (outline, ring) or on its container (a card that rings while its link has the focus).
 */
function appearance(element: Element): string {
  const looks: string[] = [];
  let node: Element | null = element;
  for (let depth = 0; node && depth < 4; depth += 1, node = node.parentElement) {
    const style = getComputedStyle(node);
    looks.push(
      [
        style.outlineStyle,
        style.outlineWidth,
        style.outlineColor,
        style.boxShadow,
        style.borderColor,
        style.backgroundColor,
        style.textDecorationLine,
      ].join(' | '),
    );
  }
  return looks.join('\n');
}

/** Transitions off, so the focused and unfocused looks are read at their end state. */
export async function freezeTransitions(page: Page): Promise<void> {
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      const style = document.createElement('style');
      style.textContent = '*, *::before, *::after { transition: none !important; }';
      document.head.append(style);
    });
  });
}

/**
 * Presses Tab until `target` has the focus (at most `max` times), then checks that the focus is
 * visible: the element or its container looks different with the focus than without it.
 */
export async function tabTo(page: Page, target: Locator, what: string, max = 60): Promise<void> {
  for (let presses = 0; presses <= max; presses += 1) {
    const focused = await target
      .evaluate((element) => element === document.activeElement)
      .catch(() => false);
    if (focused) {
      const withFocus = await target.evaluate(appearance);
      await target.evaluate((element) => (element as HTMLElement).blur());
      const withoutFocus = await target.evaluate(appearance);
      await target.focus();
      expect(withFocus, `a visible focus indicator on ${what}`).not.toBe(withoutFocus);
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`${what} never got the focus in ${max} presses of Tab`);
}
