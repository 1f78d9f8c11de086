// Shrink to fit: a box of fixed size (the CSS gives it one) shows all its text, whole, as large
// as it can. The box's font sizes are written as calc(var(--fit) * …); fit() finds the largest
// --fit in [MIN_SCALE, 1] at which the content (the box's first child) is no taller than the box
// and no text is wider than its element.

const MIN_SCALE = 0.2;
const STEPS = 8; // halvings of the interval: within 0.3 % of the best scale

const lastFitted = new WeakMap(); // box → the key it was fitted for

/**
 * Fits `box` (unless it was fitted already for the same `key`: its text and size). Returns the
 * scale used.
 */
export function fit(box, key = box.textContent) {
  const fullKey = `${box.clientWidth}x${box.clientHeight}\u0000${key}`;
  const known = lastFitted.get(box);
  if (known && known.key === fullKey) return known.scale;
  let scale = 1;
  setScale(box, 1);
  if (!fits(box)) {
    let low = MIN_SCALE;
    let high = 1;
    for (let i = 0; i < STEPS; i++) {
      const middle = (low + high) / 2;
      setScale(box, middle);
      if (fits(box)) low = middle;
      else high = middle;
    }
    scale = low;
    setScale(box, scale);
  }
  lastFitted.set(box, { key: fullKey, scale });
  return scale;
}

function setScale(box, scale) {
  box.style.setProperty('--fit', scale.toFixed(4));
}

function fits(box) {
  const content = box.firstElementChild;
  if (!content) return true;
  if (content.offsetHeight > box.clientHeight + 0.5) return false;
  for (const el of content.querySelectorAll('*')) {
    if (el.scrollWidth > el.clientWidth + 0.5 && el.clientWidth > 0) return false;
  }
  return true;
}
