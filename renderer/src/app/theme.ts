import { createTheme } from '@mantine/core';

/** One theme for light and dark (Mantine follows the OS with defaultColorScheme="auto"). */
export const theme = createTheme({
  primaryColor: 'teal',
  // Focus ring for keyboard users everywhere (never hidden).
  focusRing: 'auto',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, sans-serif',
  // Slightly darker teal/red shades keep text on filled buttons above 4.5:1 contrast.
  primaryShade: { light: 8, dark: 8 },
});
