/**
 * System notifications: the core decides what deserves one and dedupes
 * (NotificationPlanner); this only shows it and opens the app on its route
 * when clicked.
 */
import { Notification } from 'electron';
import type { ApiTransport } from '../../shared/api/envelope.js';
import { NotificationPlanner } from '../core/notifications/notification-for.js';

export function bindNotifications(transport: Pick<ApiTransport, 'subscribe'>, open: (route: string) => void): () => void {
  const planner = new NotificationPlanner();
  return transport.subscribe((envelope) => {
    const note = planner.plan(envelope);
    if (!note || !Notification.isSupported()) return;
    const n = new Notification({ title: note.title, body: note.body });
    n.on('click', () => open(note.route));
    n.show();
  });
}
