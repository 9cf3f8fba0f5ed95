/** Data sharing (server module exchange): the preview of shared data before applying, and agreeing to it. */
import { call, client } from '../client';
import type { Target } from '../contract';

/** What the platform would use for this item or bundle: values, their sources and why, documents shared. */
export const previewShared = (target: Target, signal?: AbortSignal) =>
  call(() => client.POST('/api/exchange/preview', { body: target, signal }));

/** 同意并使用: the consents the preview asks for, given (versioned and revocable). */
export const agreeShared = (target: Target) =>
  call(() => client.POST('/api/exchange/preview/consent', { body: target }));
