/**
 * A proposal's comments, threaded: each reply under the comment it answers (indented up to three
 * levels, so a 360 px screen keeps its width), a reply box under the comment, and a flag for
 * moderation with a reason (once per resident; after the community's N flags the comment hides
 * pending review). A hidden comment shows as such to others; its author still reads it.
 */
import { useMemo, useState } from 'react';
import { Button, Selector, Space, TextArea, Toast } from 'antd-mobile';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  commentOnProposal,
  flagContent,
  type NewProposal,
  type ProposalComment,
  type ProposalDetail,
} from '../../../shared/api/cogov-votes';
import { formatDateTime } from '../../../shared/format';
import { errorMessage } from '../../../shared/i18n';
import { ShowAs } from './proposal-form';

const FLAG_REASONS = ['ad', 'abuse', 'false', 'offtopic'] as const;
const MAX_DEPTH = 3;

export function ProposalComments({ p }: { p: ProposalDetail }) {
  const { t } = useTranslation();
  const children = useMemo(() => {
    const by = new Map<string | null, ProposalComment[]>();
    for (const c of p.comments) by.set(c.parentId, [...(by.get(c.parentId) ?? []), c]);
    return by;
  }, [p.comments]);
  const roots = children.get(null) ?? [];
  return (
    <section className="yw-card" data-testid="proposal-comments">
      <h3>
        {t('cogovVotes.comments')} ({p.comments.length})
      </h3>
      {roots.length === 0 && <p className="yw-muted">{t('cogovVotes.noComments')}</p>}
      <Thread items={roots} childrenOf={children} proposalId={p.id} depth={0} />
      <CommentBox proposalId={p.id} />
    </section>
  );
}

function Thread(props: {
  items: ProposalComment[];
  childrenOf: Map<string | null, ProposalComment[]>;
  proposalId: string;
  depth: number;
}) {
  if (props.items.length === 0) return null;
  return (
    <ul className={props.depth === 0 ? 'yw-votes-thread' : 'yw-votes-thread yw-votes-replies'}>
      {props.items.map((c) => (
        <li key={c.id}>
          <Comment c={c} proposalId={props.proposalId} />
          <Thread
            items={props.childrenOf.get(c.id) ?? []}
            childrenOf={props.childrenOf}
            proposalId={props.proposalId}
            depth={Math.min(MAX_DEPTH, props.depth + 1)}
          />
        </li>
      ))}
    </ul>
  );
}

function Comment({ c, proposalId }: { c: ProposalComment; proposalId: string }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<'reply' | 'flag' | null>(null);
  return (
    <div className="yw-votes-comment" data-testid="proposal-comment" data-hidden={c.hidden}>
      <div className="yw-muted yw-small">
        {c.author} · {formatDateTime(c.createdAt, i18n.language)}
      </div>
      {c.hidden && !c.mine ? (
        <p className="yw-muted" data-testid="comment-hidden">
          {t('cogovVotes.commentHidden')}
        </p>
      ) : (
        <p className="yw-votes-text" data-testid="comment-body">
          {c.body}
        </p>
      )}
      {!c.hidden && (
        <Space wrap>
          <Button
            size="mini"
            fill="none"
            onClick={() => setOpen(open === 'reply' ? null : 'reply')}
            data-testid="comment-reply"
          >
            {t('cogovVotes.reply')}
          </Button>
          {!c.mine && (
            <Button
              size="mini"
              fill="none"
              disabled={c.flagged}
              onClick={() => setOpen(open === 'flag' ? null : 'flag')}
              data-testid="comment-flag"
            >
              {c.flagged ? t('cogovVotes.flagged') : t('cogovVotes.flag')}
            </Button>
          )}
        </Space>
      )}
      {open === 'reply' && <CommentBox proposalId={proposalId} parent={c} onDone={() => setOpen(null)} />}
      {open === 'flag' && <FlagBox kind="proposal_comment" id={c.id} onDone={() => setOpen(null)} />}
    </div>
  );
}

function CommentBox({
  proposalId,
  parent,
  onDone,
}: {
  proposalId: string;
  parent?: ProposalComment;
  onDone?: () => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [display, setDisplay] = useState<NewProposal['authorDisplay']>('masked');
  const send = useMutation(commentOnProposal);
  const testId = parent ? 'reply' : 'comment';
  return (
    <div className="yw-votes-comment-box" data-testid={`${testId}-box`}>
      <TextArea
        value={text}
        onChange={setText}
        placeholder={
          parent ? t('cogovVotes.replyPlaceholder', { name: parent.author }) : t('cogovVotes.commentPlaceholder')
        }
        rows={parent ? 2 : 3}
        maxLength={1000}
        aria-label={parent ? t('cogovVotes.reply') : t('cogovVotes.comments')}
        data-testid={`${testId}-input`}
      />
      {!parent && <ShowAs value={display} onChange={setDisplay} testId="comment-show" />}
      <Button
        size="small"
        color="primary"
        className="yw-mt"
        disabled={!text.trim()}
        loading={send.isPending}
        onClick={() =>
          send.mutate(
            {
              id: proposalId,
              body: { body: text.trim(), authorDisplay: display, ...(parent ? { parentId: parent.id } : {}) },
            },
            {
              onSuccess: () => {
                setText('');
                Toast.show({ icon: 'success', content: t('cogovVotes.commentSent') });
                onDone?.();
              },
              onError: (e) => Toast.show({ icon: 'fail', content: errorMessage(t, e) }),
            },
          )
        }
        data-testid={`${testId}-send`}
      >
        {t('cogovVotes.send')}
      </Button>
    </div>
  );
}

/** Flag a comment or a whole proposal for moderation, with one of the reasons. */
export function FlagBox({
  kind,
  id,
  onDone,
}: {
  kind: 'proposal' | 'proposal_comment';
  id: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<(typeof FLAG_REASONS)[number] | null>(null);
  const flag = useMutation(flagContent);
  return (
    <div className="yw-votes-comment-box" data-testid="flag-box">
      <div className="yw-muted yw-small">{t('cogovVotes.flagWhy')}</div>
      <Selector
        columns={2}
        options={FLAG_REASONS.map((r) => ({
          value: r,
          label: <span data-testid={`flag-reason-${r}`}>{t(`cogovVotes.flagReasons.${r}`)}</span>,
        }))}
        value={reason ? [reason] : []}
        onChange={(v) => setReason(v[0] ?? null)}
      />
      <Space className="yw-mt">
        <Button
          size="small"
          color="danger"
          disabled={!reason}
          loading={flag.isPending}
          onClick={() => {
            if (reason)
              flag.mutate(
                { kind, id, reason: t(`cogovVotes.flagReasons.${reason}`) },
                {
                  onSuccess: () => {
                    Toast.show({ icon: 'success', content: t('cogovVotes.flagSent') });
                    onDone();
                  },
                  onError: (e) => Toast.show({ icon: 'fail', content: errorMessage(t, e) }),
                },
              );
          }}
          data-testid="flag-send"
        >
          {t('cogovVotes.flagSend')}
        </Button>
        <Button size="small" onClick={onDone}>
          {t('cogovVotes.cancel')}
        </Button>
      </Space>
    </div>
  );
}
