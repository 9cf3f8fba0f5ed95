/** The credentials module's service: its use cases behind the one interface its routes and app.ts call. */
import type { Platform } from '../../platform/context.ts';
import { expose } from '../../platform/module.ts';
import { contextOf, type CredentialsDeps } from './credentials.context.ts';
import type { CredentialsEvents } from './credentials.events.ts';
import { StatusBits } from './credentials.caches.ts';
import { Issuance } from './credentials.issuance.ts';
import { IssuerKeys } from './credentials.keys.ts';
import { Rendering } from './credentials.render.ts';
import { Status } from './credentials.status.ts';
import { Verification } from './credentials.verify.ts';
import { Wallet } from './credentials.wallet.ts';

export function credentialsService(platform: Platform<CredentialsEvents>, deps: CredentialsDeps) {
  const context = contextOf(platform, deps);
  const keys = new IssuerKeys(context);
  const issuance = new Issuance(context, keys);
  const bits = new StatusBits(context.db);
  return {
    ...expose(keys, 'signerOf', 'rotate', 'published', 'didDocument'),
    ...expose(new Status(context, keys, bits), 'list', 'change', 'history'),
    ...expose(new Verification(context, keys, bits), 'verify', 'check', 'certificateIdOf'),
    ...expose(new Wallet(context), 'mine', 'get', 'ofCase', 'share', 'shares', 'unshare'),
    ...expose(new Rendering(context), 'pdf', 'html'),
    onCaseChanged: issuance.onCaseChanged.bind(issuance),
  };
}

export type CredentialsService = ReturnType<typeof credentialsService>;
