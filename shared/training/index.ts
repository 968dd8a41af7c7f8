export * from './task-spec.js';
export * from './parse-task.js';
export * from './result.js';
