/**
 * The label fonts, self-hosted: Noto Sans (SIL Open Font License 1.1, npm package
 * @fontsource/noto-sans) in Latin, Latin Extended, Cyrillic and Cyrillic Extended subsets, regular
 * and semi-bold. Vite copies the woff2 files into our build (hashed names under assets/), and the
 * style's `font-faces` hands them to MapLibre, which draws each glyph with the browser's text
 * engine. A file is downloaded only when a label needs a character it covers; a character none
 * covers falls back to the device's own sans-serif font (never to a network request).
 */
import latin400 from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff2?url';
import latinExt400 from '@fontsource/noto-sans/files/noto-sans-latin-ext-400-normal.woff2?url';
import cyrillic400 from '@fontsource/noto-sans/files/noto-sans-cyrillic-400-normal.woff2?url';
import cyrillicExt400 from '@fontsource/noto-sans/files/noto-sans-cyrillic-ext-400-normal.woff2?url';
import latin600 from '@fontsource/noto-sans/files/noto-sans-latin-600-normal.woff2?url';
import latinExt600 from '@fontsource/noto-sans/files/noto-sans-latin-ext-600-normal.woff2?url';
import cyrillic600 from '@fontsource/noto-sans/files/noto-sans-cyrillic-600-normal.woff2?url';
import cyrillicExt600 from '@fontsource/noto-sans/files/noto-sans-cyrillic-ext-600-normal.woff2?url';
import { FONT_BOLD, FONT_REGULAR } from './style.js';

// The subsets' unicode ranges, as @fontsource/noto-sans/unicode.json states them.
const RANGES = {
  latin: 'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD',
  latinExt: 'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF',
  cyrillic: 'U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116',
  cyrillicExt: 'U+0460-052F,U+1C80-1C8A,U+20B4,U+2DE0-2DFF,U+A640-A69F,U+FE2E-FE2F',
};

/** Absolute URL on our origin (MapLibre fetches the files itself). */
const own = (url) => new URL(url, document.baseURI).href;

function faces(files) {
  return Object.entries(files).map(([subset, url]) => ({
    url: own(url),
    'unicode-range': RANGES[subset].split(','),
  }));
}

export function fontFaces() {
  return {
    [FONT_REGULAR]: faces({ latin: latin400, latinExt: latinExt400, cyrillic: cyrillic400, cyrillicExt: cyrillicExt400 }),
    [FONT_BOLD]: faces({ latin: latin600, latinExt: latinExt600, cyrillic: cyrillic600, cyrillicExt: cyrillicExt600 }),
  };
}
