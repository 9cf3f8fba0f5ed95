/**
 * Saves an application draft as the applicant types: changes are debounced (~800 ms),
 * saves run one at a time (the latest content wins), the first save creates the draft.
 * The status says "saving" from the first keystroke until the server has the content, so
 * "saved" is never shown over unsaved changes. A change still waiting when the page is
 * hidden or closed is sent at once (with keepalive, so it outlives the page).
 * Before submitting, `settle()` stops the timer and waits for a save in flight so the
 * submission names the draft; `stop()` ends saving once the case has been filed.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../shared/client';
import { createDraft, saveDraft } from '../shared/api/applications';
import type { DraftContent, Target } from '../shared/contract';

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'error';

/** What a draft holds: the answers and the attached materials. */
type Content = DraftContent;

export const AUTOSAVE_DELAY_MS = 800;

export function useDraftAutosave(target: Target, initialDraftId: string | null) {
  const [status, setStatus] = useState<SaveStatus>(initialDraftId ? 'saved' : 'idle');
  const draftId = useRef<string | null>(initialDraftId);
  const pending = useRef<Content | null>(null);
  const running = useRef<Promise<void> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stopped = useRef(false);

  const saveOnce = useCallback(
    async (content: Content, keepalive = false) => {
      if (draftId.current) {
        try {
          await saveDraft(draftId.current, content, { keepalive });
          return;
        } catch (err) {
          // Deleted meanwhile (e.g. from another device): start a new draft with this content.
          if (!(err instanceof ApiError && err.status === 404)) throw err;
          draftId.current = null;
        }
      }
      draftId.current = (await createDraft({ ...target, ...content }, { keepalive })).id;
    },
    [target],
  );

  const drain = useCallback(async () => {
    while (pending.current && !stopped.current) {
      const content = pending.current;
      pending.current = null;
      try {
        await saveOnce(content);
        if (!pending.current) setStatus('saved');
      } catch {
        setStatus('error');
        return; // the next change tries again
      }
    }
  }, [saveOnce]);

  const kick = useCallback(() => {
    timer.current = null;
    running.current ??= drain().finally(() => {
      running.current = null;
    });
  }, [drain]);

  /** The content changed: save it after a pause in typing (or at once). */
  const schedule = useCallback(
    (content: Content, immediately = false) => {
      if (stopped.current) return;
      pending.current = content;
      setStatus('saving');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(kick, immediately ? 0 : AUTOSAVE_DELAY_MS);
    },
    [kick],
  );

  /** Holds saving for a submission: drops the queued save, waits for one in flight; the draft's id. */
  const settle = useCallback(async (): Promise<string | null> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    pending.current = null;
    await running.current;
    return draftId.current;
  }, []);

  /** No more saves: the draft became a case. */
  const stop = useCallback(() => {
    stopped.current = true;
    if (timer.current) clearTimeout(timer.current);
  }, []);

  // Leaving: within the app (unmount) save the waiting change now; when the page is hidden
  // or closed, send it with keepalive so it arrives even if the page is gone.
  useEffect(() => {
    const flushBeforeLeaving = () => {
      if (!pending.current || stopped.current) return;
      const content = pending.current;
      pending.current = null;
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      // While the draft is still being created, wait for its id rather than create a second one.
      const first = !draftId.current && running.current ? running.current : null;
      (first ? first.then(() => saveOnce(content, true)) : saveOnce(content, true)).then(
        () => setStatus('saved'),
        () => setStatus('error'),
      );
    };
    const onHidden = () => {
      if (document.visibilityState === 'hidden') flushBeforeLeaving();
    };
    window.addEventListener('pagehide', flushBeforeLeaving);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      window.removeEventListener('pagehide', flushBeforeLeaving);
      document.removeEventListener('visibilitychange', onHidden);
      if (timer.current && pending.current && !stopped.current) {
        clearTimeout(timer.current);
        kick();
      }
    };
  }, [kick, saveOnce]);

  return { status, schedule, settle, stop };
}
