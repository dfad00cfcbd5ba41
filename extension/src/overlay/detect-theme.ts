export type OverlayTheme = 'light' | 'dark';

/** Relative luminance of an `rgb()`/`rgba()` colour; transparent counts as unknown. */
function luminanceOf(color: string): number | null {
  const match = /rgba?\(\s*(\d+)[,\s]+(\d+)[,\s]+(\d+)(?:[,\s/]+([\d.]+))?/.exec(color);
  if (!match) return null;
  if (match[4] !== undefined && Number(match[4]) === 0) return null;
  const [r, g, b] = [match[1], match[2], match[3]].map((part) => {
    const channel = Number(part) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Dark when the page's first opaque background (body, then html) is dark. */
export function themeForBackgrounds(backgrounds: readonly string[]): OverlayTheme {
  for (const background of backgrounds) {
    const luminance = luminanceOf(background);
    if (luminance !== null) return luminance < 0.2 ? 'dark' : 'light';
  }
  return 'light';
}
