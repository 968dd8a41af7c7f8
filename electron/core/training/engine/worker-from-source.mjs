// Worker entry when the engine runs from its TypeScript sources (tests, tsx):
// registers tsx's loader inside the worker thread, then loads the real entry.
// The built app uses dist/…/worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
