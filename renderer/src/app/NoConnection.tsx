import { Alert, Container, MantineProvider } from '@mantine/core';
import { s } from '../strings.js';
import { theme } from './theme.js';

/** Shown when the page has neither the Electron bridge nor a browser-mode token. */
export function NoConnection() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Container size="sm" py="xl">
        <main>
          <Alert color="orange" title={s.connection.title} role="alert">
            {s.connection.body}
          </Alert>
        </main>
      </Container>
    </MantineProvider>
  );
}
