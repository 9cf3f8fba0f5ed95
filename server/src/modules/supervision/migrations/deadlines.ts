import type { Migration } from '../../../platform/migrations.ts';

/** 时限监督 (deadlines). Frozen once shipped; add new migrations below. */
export const deadlinesMigrations: Migration[] = [
  {
    id: '202612021400_supervision_deadlines',
    up: [
      // 黄牌 / 红牌: one card of each colour per case at most (the unique index makes issuing
      // idempotent), append-only: a card once issued is a record, never changed nor removed.
      `create table supervision.deadline_cards (
        id uuid primary key,
        case_id text not null,
        case_number text not null,
        color text not null check (color in ('yellow', 'red')),
        region_code text not null,
        department_code text not null,
        item_code text,
        title_zh text not null,
        title_en text not null,
        branch text,
        state text not null,
        holder_account_id uuid,
        holder_name text,
        deadline_at timestamptz not null,
        issued_at timestamptz not null
      )`,
      `create unique index deadline_cards_one_per_case on supervision.deadline_cards (case_id, color)`,
      `create index deadline_cards_department on supervision.deadline_cards (region_code, department_code, issued_at desc)`,
      `create trigger deadline_cards_append_only before update or delete on supervision.deadline_cards
        for each row execute function platform.refuse_change()`,
      `create trigger deadline_cards_no_truncate before truncate on supervision.deadline_cards
        for each statement execute function platform.refuse_change()`,
      // A card is an exercise of supervisory power: it goes into the transparency log.
      `insert into transparency.logged_actions (prefix) values ('supervision.card.') on conflict do nothing`,
    ],
  },
];
