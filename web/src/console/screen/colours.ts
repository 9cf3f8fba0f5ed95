// The city screen's colours of event statuses (map dots, the status chart, the feed).
export const STATUS_COLOURS: Record<string, string> = {
  open: '#f97316',
  dispatched: '#eab308',
  processing: '#3b82f6',
  returned: '#a855f7',
  closed: '#22c55e',
  merged: '#64748b',
};
