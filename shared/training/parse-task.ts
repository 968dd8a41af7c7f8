/**
 * Parses a task document (untrusted text from a requester) into a TaskSpec,
 * or says precisely what is wrong: which check, at which JSON path. Messages
 * name fields and limits, never echo the document's values (except allow-list
 * misses, which name the refused class so the requester can fix it).
 */
import { parseStrictJson } from '../lease/strict-json.js';
import { ALLOWED_LAYERS, findDisallowedInConfig, TASK_LIMITS, TaskSpec } from './task-spec.js';

/** Why a task document is refused at parse time (stable strings). */
export type TaskParseReason = 'too-large' | 'json' | 'duplicate-field' | 'schema' | 'layer-not-allowed' | 'config-not-allowed';

export type ParseTaskResult =
  | { ok: true; task: TaskSpec }
  | { ok: false; reason: TaskParseReason; path: string; message: string };

function safeName(s: string): string {
  return s.length <= 60 && /^[A-Za-z0-9_.-]+$/.test(s) ? s : '(unprintable name)';
}

/** `text` is the UTF-8-decoded document; `byteLength` its size on the wire. */
export function parseTaskSpec(text: string, byteLength = text.length): ParseTaskResult {
  if (byteLength > TASK_LIMITS.maxBytes) {
    return { ok: false, reason: 'too-large', path: '', message: `The task is ${byteLength} bytes; at most ${TASK_LIMITS.maxBytes} are accepted.` };
  }
  const json = parseStrictJson(text);
  if (!json.ok) {
    return json.reason === 'duplicate-key'
      ? { ok: false, reason: 'duplicate-field', path: json.path, message: `The task repeats the field ${json.path}.` }
      : { ok: false, reason: 'json', path: '', message: 'The task is not valid JSON.' };
  }
  // Layer classes first, so an unknown layer is reported as such rather than as a schema detail.
  const layers = (json.value as { model?: { topology?: { config?: { layers?: unknown } } } } | null)?.model?.topology?.config?.layers;
  if (Array.isArray(layers)) {
    for (let i = 0; i < layers.length; i++) {
      const cls = (layers[i] as { class_name?: unknown } | null)?.class_name;
      if (typeof cls === 'string' && !(ALLOWED_LAYERS as readonly string[]).includes(cls)) {
        return {
          ok: false,
          reason: 'layer-not-allowed',
          path: `model.topology.config.layers[${i}].class_name`,
          message: `Layer ${i} is a ${safeName(cls)} layer, which Data Wallet does not run (allowed: ${ALLOWED_LAYERS.join(', ')}).`,
        };
      }
    }
  }
  const parsed = TaskSpec.safeParse(json.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    return { ok: false, reason: 'schema', path, message: `The task's ${path || 'document'} is not valid: ${issue.message}.` };
  }
  const task = parsed.data;
  for (let i = 0; i < task.model.topology.config.layers.length; i++) {
    const found = findDisallowedInConfig(task.model.topology.config.layers[i]!.config);
    if (found) {
      return {
        ok: false,
        reason: 'config-not-allowed',
        path: `model.topology.config.layers[${i}].${found.path}`,
        message: `Layer ${i} names ${safeName(found.value)} in its ${found.path}, which Data Wallet does not allow.`,
      };
    }
  }
  return { ok: true, task };
}
