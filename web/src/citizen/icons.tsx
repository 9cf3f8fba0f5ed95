// Two tiny inline icons for the tab bar (no icon package needed).
const base = {
  width: '1em',
  height: '1em',
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
} as const;

export function HomeIcon({ active }: { active?: boolean }) {
  return (
    <svg {...base} aria-hidden="true">
      <path
        d="M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z"
        fill={active ? 'currentColor' : 'none'}
        fillOpacity={0.15}
      />
    </svg>
  );
}

export function UserIcon({ active }: { active?: boolean }) {
  return (
    <svg {...base} aria-hidden="true">
      <circle cx="12" cy="8" r="4" fill={active ? 'currentColor' : 'none'} fillOpacity={0.15} />
      <path d="M4 21c0-4 3.6-7 8-7s8 3 8 7" />
    </svg>
  );
}

/** 共治: people around a house. */
export function CommunityIcon({ active }: { active?: boolean }) {
  return (
    <svg {...base} aria-hidden="true">
      <circle cx="7" cy="9" r="3" fill={active ? 'currentColor' : 'none'} fillOpacity={0.15} />
      <circle cx="17" cy="9" r="3" fill={active ? 'currentColor' : 'none'} fillOpacity={0.15} />
      <path d="M2 20c0-3 2.2-5 5-5s5 2 5 5M12 20c0-3 2.2-5 5-5s5 2 5 5" />
    </svg>
  );
}

export function SearchIcon() {
  return (
    <svg {...base} aria-hidden="true">
      <circle cx="11" cy="11" r="7" />
      <path d="m20 20-3.5-3.5" />
    </svg>
  );
}
