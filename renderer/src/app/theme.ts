import { Badge, createTheme, type MantineColorsTuple } from '@mantine/core';

/**
 * A teal dark enough that white text on filled buttons and teal text on light
 * backgrounds both stay above 4.5:1 (WCAG AA); Mantine's own teal does not.
 */
const wallet: MantineColorsTuple = ['#e6fcf5', '#d3f9ee', '#a8f0da', '#7be6c4', '#45c99f', '#21a37c', '#0b8a64', '#08785a', '#066a4f', '#045a43'];

/** One theme for light and dark (Mantine follows the OS with defaultColorScheme="auto"). */
export const theme = createTheme({
  colors: { wallet },
  primaryColor: 'wallet',
  primaryShade: { light: 8, dark: 7 },
  // Focus ring for keyboard users everywhere (never hidden).
  focusRing: 'auto',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, sans-serif',
  components: {
    // A badge is a status word: it is never cut to "ACTI…". Mantine's label hides its overflow, which
    // lets a squeezed table column shrink the badge to its dot; keep the whole word as its minimum width.
    Badge: Badge.extend({
      styles: {
        root: { overflow: 'visible', flexShrink: 0, minWidth: 'max-content' },
        label: { overflow: 'visible', textOverflow: 'clip' },
      },
    }),
  },
});
