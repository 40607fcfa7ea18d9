// A stable colour per channel, for chips. Known channels get a fixed hue; others hash to one.
const KNOWN: Record<string, number> = {
  email: 205,
  sms: 130,
  push: 290,
  instagram: 335,
  facebook: 245,
  direct_mail: 30,
  phone: 175,
};

/** Hue (0..359) for a channel id; the CSS turns it into light and dark theme colours. */
export function channelHue(id: string): number {
  if (id in KNOWN) return KNOWN[id];
  let hash = 0;
  for (const ch of id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % 360;
}
