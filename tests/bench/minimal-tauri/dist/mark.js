// The same marker Cadence records (ui/src/lib/firstContent.ts): the first content is
// painted two animation frames after it is in the DOM.
requestAnimationFrame(() => requestAnimationFrame(() => performance.mark("first-content")));
