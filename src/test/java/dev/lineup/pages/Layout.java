package dev.lineup.pages;

import org.openqa.selenium.WebDriver;

import java.util.List;

/** Layout checks on a rendered page, measured by the browser. */
final class Layout {

  private Layout() {
  }

  /**
   * Every visible element under {@code root} that holds text of its own and is not shown whole:
   * cut off by its own box (it clips, by overflow or a line clamp, and holds more than it shows),
   * or reaching outside the box that frames it (the nearest {@code .fit-box}, else the viewport).
   * Each as "selector-ish: why".
   */
  @SuppressWarnings("unchecked")
  static List<String> overflowing(WebDriver driver, String root) {
    return (List<String>) Browsers.js(driver, """
        const out = [];
        const view = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
        const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
          + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
        for (const el of document.querySelectorAll(arguments[0] + ' *')) {
          const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim() !== '');
          if (!own || el.getClientRects().length === 0) continue;
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0) continue;
          const frame = el.closest('.fit-box');
          const f = frame ? frame.getBoundingClientRect() : view;
          const why = [];
          if (r.left < f.left - 1 || r.top < f.top - 1 || r.right > f.right + 1 || r.bottom > f.bottom + 1) {
            why.push('outside ' + (frame ? name(frame) : 'the viewport'));
          }
          if (r.right > view.right + 1 || r.bottom > view.bottom + 1 || r.left < -1 || r.top < -1) why.push('off screen');
          // An element that clips (overflow, line clamp) and has more than it shows: text cut off.
          const style = getComputedStyle(el);
          const clips = style.overflowX !== 'visible' || style.overflowY !== 'visible' || style.webkitLineClamp !== 'none';
          if (clips && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) why.push('cut off (wider than its box)');
          if (clips && el.clientHeight > 0 && el.scrollHeight > el.clientHeight + 1) why.push('cut off (taller than its box)');
          if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) why.push('cut off (ellipsis)');
          if (why.length) out.push(name(el) + ' "' + el.textContent.trim().slice(0, 40) + '": ' + why.join(', '));
        }
        return out;
        """, root);
  }
}
