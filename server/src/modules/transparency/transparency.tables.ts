import type { PlatformTables } from '../../platform/tables.ts';

export interface TransparencyTables extends PlatformTables {
  'transparency.entries': {
    idx: string | number;
    source: 'audit' | 'access';
    record_id: string;
    record_at: Date;
    action: string;
    resource_type: string;
    resource_id: string | null;
    record_hash: string;
    leaf_hash: Uint8Array;
    appended_at: Date;
  };
  'transparency.nodes': { level: number; idx: string | number; hash: Uint8Array };
  'transparency.checkpoints': {
    tree_size: string | number;
    root_hash: Uint8Array;
    issued_at: Date;
    key_hash: string;
    note: string;
  };
  'transparency.keys': {
    key_hash: string;
    key_name: string;
    public_key: string;
    private_enc: string;
    created_at: Date;
    retired_at: Date | null;
  };
  'transparency.logged_actions': { prefix: string };
  'transparency.queue': { seq: string | number; source: 'audit' | 'access'; record_id: string };
  'transparency.state': {
    id: number;
    tree_size: string | number;
    root_hash: Uint8Array | null;
    lease_holder: string | null;
    lease_until: Date | null;
  };
}
