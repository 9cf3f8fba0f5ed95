import type { Migration } from '../../../platform/migrations.ts';

/** Frozen. Add new migrations below; never edit one that has shipped. */
export const transparencyMigrations: Migration[] = [
  {
    id: '202612020550_transparency_log',
    up: [
      `create schema if not exists transparency`,
      // The log's leaves, in order: one per audit record of an exercise of public power (source
      // 'audit': platform.audit_log) or per personal-data read or refusal (source 'access':
      // platform.personal_data_access). record_hash is SHA-256 of the record's canonical JSON.
      `create table transparency.entries (
        idx bigint primary key check (idx >= 0),
        source text not null check (source in ('audit', 'access')),
        record_id uuid not null,
        record_at timestamptz not null,
        action text not null,
        resource_type text not null,
        resource_id text,
        record_hash text not null,
        leaf_hash bytea not null,
        appended_at timestamptz not null,
        unique (source, record_id)
      )`,
      `create index entries_resource on transparency.entries (resource_type, resource_id)`,
      // Every complete subtree's hash (level 0: the leaves): proofs are served from here.
      `create table transparency.nodes (
        level smallint not null check (level between 0 and 62),
        idx bigint not null check (idx >= 0),
        hash bytea not null,
        primary key (level, idx)
      )`,
      // Signed checkpoints (C2SP signed notes), one per tree size published.
      `create table transparency.checkpoints (
        tree_size bigint primary key check (tree_size >= 0),
        root_hash bytea not null,
        issued_at timestamptz not null,
        key_hash text not null,
        note text not null
      )`,
      // The log's signing keys (Ed25519): the private key sealed at rest.
      `create table transparency.keys (
        key_hash text primary key,
        key_name text not null,
        public_key text not null,
        private_enc text not null,
        created_at timestamptz not null,
        retired_at timestamptz
      )`,
      // The sequencer's state: the tree's size and right edge are in nodes; the lease says which node appends.
      `create table transparency.state (
        id integer primary key check (id = 1),
        tree_size bigint not null,
        root_hash bytea,
        cursor_at timestamptz,
        lease_holder text,
        lease_until timestamptz
      )`,
      `insert into transparency.state (id, tree_size) values (1, 0)`,
      // Entries, nodes and checkpoints are append-only, whoever connects (and `yiwang db roles`
      // revokes UPDATE and DELETE on them from the application role).
      `create trigger entries_append_only before update or delete on transparency.entries
        for each row execute function platform.refuse_change()`,
      `create trigger entries_no_truncate before truncate on transparency.entries
        for each statement execute function platform.refuse_change()`,
      `create trigger nodes_append_only before update or delete on transparency.nodes
        for each row execute function platform.refuse_change()`,
      `create trigger nodes_no_truncate before truncate on transparency.nodes
        for each statement execute function platform.refuse_change()`,
      `create trigger checkpoints_append_only before update or delete on transparency.checkpoints
        for each row execute function platform.refuse_change()`,
      `create trigger checkpoints_no_truncate before truncate on transparency.checkpoints
        for each statement execute function platform.refuse_change()`,
      // The sequencer looks for new reads by time.
      `create index personal_data_access_at on platform.personal_data_access (at)`,
    ],
  },
  {
    id: '202612021100_transparency_queue',
    up: [
      // The actions whose audit records the log takes (LOGGED_ACTION_PREFIXES; a change to that
      // list is a new migration changing this table).
      `create table transparency.logged_actions (prefix text primary key)`,
      `insert into transparency.logged_actions (prefix) values ('applications.case.'), ('exchange.'), ('credentials.'), ('transparency.'), ('identity.role.'), ('identity.staff.'), ('identity.agent.'), ('identity.account.frozen'), ('identity.totp.reset'), ('identity.person.checked-at-counter'), ('org.post.'), ('org.resident.revealed'), ('catalog.item.'), ('platform.keys.'), ('payments.order.refunded'), ('payments.mismatch.resolved')`,
      // The log's outbox: a row for every record to append, written by trigger in the same
      // transaction as the record, whoever writes it (the audit trail, the data tracker's
      // writers, the exchange's one-statement read). The sequencer takes them in seq order and
      // deletes what it appended, so a record whose transaction commits late is still appended
      // (after those that committed before it).
      `create table transparency.queue (
        seq bigint generated always as identity primary key,
        source text not null check (source in ('audit', 'access')),
        record_id uuid not null
      )`,
      `create function transparency.enqueue_audit() returns trigger language plpgsql as $$
        begin
          insert into transparency.queue (source, record_id)
          select 'audit', i.id from inserted i
          where exists (select 1 from transparency.logged_actions l where starts_with(i.action, l.prefix))
          order by i.at, i.id;
          return null;
        end $$`,
      `create function transparency.enqueue_access() returns trigger language plpgsql as $$
        begin
          insert into transparency.queue (source, record_id) select 'access', i.id from inserted i order by i.at, i.id;
          return null;
        end $$`,
      `create trigger audit_log_to_transparency after insert on platform.audit_log
        referencing new table as inserted for each statement execute function transparency.enqueue_audit()`,
      `create trigger personal_data_access_to_transparency after insert on platform.personal_data_access
        referencing new table as inserted for each statement execute function transparency.enqueue_access()`,
      // What was written before the queue and is not in the log yet, oldest first.
      `insert into transparency.queue (source, record_id)
        select source, id from (
          select 'audit' as source, a.id, a.at from platform.audit_log a
          where exists (select 1 from transparency.logged_actions l where starts_with(a.action, l.prefix))
          union all
          select 'access', p.id, p.at from platform.personal_data_access p
        ) r
        where not exists (select 1 from transparency.entries e where e.source = r.source and e.record_id = r.id)
        order by r.at, r.id`,
      // The time cursor and its look-back are gone: the queue replaces them.
      `alter table transparency.state drop column cursor_at`,
      `drop index platform.personal_data_access_at`,
    ],
  },
  {
    id: '202612021200_transparency_inspections_supervision',
    up: [
      // Random inspections (a draw's commitment and its making, results) and supervision's
      // decisions on rectification tickets exercise public power too.
      `insert into transparency.logged_actions (prefix) values ('inspections.draw.'), ('inspections.result.'), ('supervision.ticket.')`,
      // Their records written before this, not in the log yet, oldest first.
      `insert into transparency.queue (source, record_id)
        select 'audit', a.id from platform.audit_log a
        where (starts_with(a.action, 'inspections.draw.') or starts_with(a.action, 'inspections.result.')
            or starts_with(a.action, 'supervision.ticket.'))
          and not exists (select 1 from transparency.entries e where e.source = 'audit' and e.record_id = a.id)
          and not exists (select 1 from transparency.queue q where q.source = 'audit' and q.record_id = a.id)
        order by a.at, a.id`,
    ],
  },
  {
    id: '202612021530_transparency_case_decisions',
    up: [
      // The log is for exercises of public power: a case's handling by staff (the workflow's
      // staff actions as applications audits them, and who took a step), not the applicant's
      // own filing, resubmission or withdrawal. What is queued or logged already stays.
      `delete from transparency.logged_actions where prefix = 'applications.case.'`,
      `insert into transparency.logged_actions (prefix) values ('applications.case.accept'), ('applications.case.request_correction'), ('applications.case.reject'), ('applications.case.pass'), ('applications.case.approve'), ('applications.case.complete'), ('applications.case.claimed'), ('applications.case.released')`,
    ],
  },
  {
    id: '202612041600_transparency_more_public_power',
    up: [
      // More exercises of public power (issue 11: "grants and consents", "role and key changes",
      // "data reads by staff"): the super app's consents and its reviewers' decisions on apps and
      // complaints; moderation and the answers of 共治; open-data keys, Open311 keys, withdrawals and reinstatements,
      // answers to data requests and pipeline reviews; accounts disabled or enabled by an
      // administrator and real-name levels decided; a hotline agent's look-up of a caller.
      // transparency.records.ts lists what is deliberately not logged (a unit test holds every
      // audit action in the code to one of the two lists).
      `insert into transparency.logged_actions (prefix) values ('superapp.consent.'), ('superapp.app.approved'), ('superapp.app.rejected'), ('superapp.app.suspended'), ('superapp.app.reinstated'), ('superapp.app.taken-down'), ('superapp.complaint.decided'), ('cogov.moderation.decided'), ('cogov.moderation.appeal-decided'), ('cogov.content.auto-hidden'), ('cogov.consultation.decided'), ('cogov.proposal.answered'), ('opendata.api_key.'), ('cityops.open311_key.'), ('opendata.dataset.withdrawn'), ('opendata.dataset.reinstated'), ('opendata.request.answered'), ('opendata.request.declined'), ('opendata.pipeline.approved'), ('opendata.pipeline.rejected'), ('identity.account.disabled'), ('identity.account.enabled'), ('identity.assurance.'), ('cityops.caller.looked_up'), ('supervision.appeal.')`,
      // Their records written before this, not in the log yet, oldest first.
      `insert into transparency.queue (source, record_id)
        select 'audit', a.id from platform.audit_log a
        where (starts_with(a.action, 'superapp.consent.')
            or starts_with(a.action, 'superapp.app.approved')
            or starts_with(a.action, 'superapp.app.rejected')
            or starts_with(a.action, 'superapp.app.suspended')
            or starts_with(a.action, 'superapp.app.reinstated')
            or starts_with(a.action, 'superapp.app.taken-down')
            or starts_with(a.action, 'superapp.complaint.decided')
            or starts_with(a.action, 'cogov.moderation.decided')
            or starts_with(a.action, 'cogov.moderation.appeal-decided')
            or starts_with(a.action, 'cogov.content.auto-hidden')
            or starts_with(a.action, 'cogov.consultation.decided')
            or starts_with(a.action, 'cogov.proposal.answered')
            or starts_with(a.action, 'opendata.api_key.')
            or starts_with(a.action, 'cityops.open311_key.')
            or starts_with(a.action, 'opendata.dataset.withdrawn')
            or starts_with(a.action, 'opendata.dataset.reinstated')
            or starts_with(a.action, 'opendata.request.answered')
            or starts_with(a.action, 'opendata.request.declined')
            or starts_with(a.action, 'opendata.pipeline.approved')
            or starts_with(a.action, 'opendata.pipeline.rejected')
            or starts_with(a.action, 'identity.account.disabled')
            or starts_with(a.action, 'identity.account.enabled')
            or starts_with(a.action, 'identity.assurance.')
            or starts_with(a.action, 'cityops.caller.looked_up')
            or starts_with(a.action, 'supervision.appeal.'))
          and not exists (select 1 from transparency.entries e where e.source = 'audit' and e.record_id = a.id)
          and not exists (select 1 from transparency.queue q where q.source = 'audit' and q.record_id = a.id)
        order by a.at, a.id`,
    ],
  },
];
