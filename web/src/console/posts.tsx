import { Space, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useDepartmentName } from '../shared/catalog';
import { roleLabel } from '../shared/i18n';
import { roleColor } from '../shared/roles';
import type { Post } from '../shared/contract';

export function RoleTags({ roles, t }: { roles: string[]; t: TFunction }) {
  return (
    <Space size={[4, 4]} wrap>
      {roles.map((r) => (
        <Tag key={r} color={roleColor(r)} data-testid="role-tag" data-role={r}>
          {roleLabel(t, r)}
        </Tag>
      ))}
    </Space>
  );
}

/** A post: its title and where (the department in the reader's language). */
export function PostLine({ post }: { post: Post }) {
  const { i18n } = useTranslation();
  const departmentName = useDepartmentName(i18n.language);
  const department = post.departmentCode ? departmentName(post.departmentCode) : post.departmentName;
  const where = [department, post.communityName].filter(Boolean).join(' · ');
  return (
    <div>
      <Typography.Text strong>{post.title}</Typography.Text>
      {where && <Typography.Text type="secondary"> — {where}</Typography.Text>}
    </div>
  );
}

export function uniqueRoles(posts: Post[]): string[] {
  return [...new Set(posts.flatMap((p) => p.roles))];
}
