/** How other local processes reach the running app (link forwarding). */
export * from './errors.js';
export * from './instance-file.js';
export * from './link-socket.js';
