/** User management (administrators): create, change role/ward, reset password, disable. */
import type { User, UserCreate, UserUpdate } from '../../schemas/types.js';
import { AppError, errors, fieldError, validationError } from '../core/errors.js';
import { findWard } from '../core/catalog.js';
import { appendJournal } from '../db/repositories/journal.js';
import { deleteSessionsOfUser, findUserRow, insertUser, rowToUser, updateUserRow } from '../db/repositories/users.js';
import { newUserId } from './auth.js';
import { type ServiceContext, isUniqueViolation } from './context.js';
import { hashPassword } from './passwords.js';

const USER = { en: 'The user', ja: 'ユーザー' };

/** A ward editor needs a ward; nobody else has one. */
function checkWard(ctx: ServiceContext, role: string, wardId: string | null | undefined) {
  if (role === 'wardEditor') {
    if (!wardId) return [fieldError('/wardId', 'a ward editor needs a ward', '区事務局のユーザーには区が必要です')];
    if (!findWard(ctx.plugins.catalog, wardId)) return [fieldError('/wardId', `unknown ward "${wardId}"`, `不明な区です: "${wardId}"`)];
  } else if (wardId) {
    return [fieldError('/wardId', `only a ward editor is bound to a ward (role "${role}")`, '区に所属できるのは区事務局のユーザーだけです')];
  }
  return [];
}

export async function createUser(ctx: ServiceContext, input: UserCreate, passwordHash?: string): Promise<User> {
  const problems = checkWard(ctx, input.role, input.wardId);
  if (problems.length) throw validationError(problems);
  const hash = passwordHash ?? (await hashPassword(input.password));
  const id = newUserId();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await insertUser(trx, { id, username: input.username, displayName: input.displayName, role: input.role, wardId: input.role === 'wardEditor' ? input.wardId! : null, passwordHash: hash }, ctx.now);
      const user = rowToUser((await findUserRow(trx, { id }))!);
      await appendJournal(trx, { at: ctx.now, actor: ctx.actor, entity: 'user', entityId: id, wardId: user.wardId, action: 'create', version: 1, summary: `user ${user.username} created (${user.role})`, before: null, after: user });
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError(409, 'USERNAME_TAKEN', { en: `The username "${input.username}" is already taken.`, ja: `ユーザー名 "${input.username}" はすでに使われています。` }, { fields: [fieldError('/username', 'is already taken', 'すでに使われています')] });
    }
    throw e;
  }
  return rowToUser((await findUserRow(ctx.db, { id }))!);
}

export async function updateUser(ctx: ServiceContext, id: string, input: UserUpdate): Promise<User> {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findUserRow(trx, { id });
    if (!row) throw errors.notFound(USER);
    const before = rowToUser(row);
    const role = input.role ?? before.role;
    const wardId = input.wardId !== undefined ? input.wardId : role === 'wardEditor' ? before.wardId : null;
    const problems = checkWard(ctx, role, wardId);
    if (ctx.actor?.id === id && (input.disabled === true || (input.role && input.role !== 'admin' && before.role === 'admin'))) {
      problems.push(fieldError(input.disabled ? '/disabled' : '/role', 'you cannot disable yourself or take away your own administrator role', '自分自身を無効にしたり、自分の管理者権限を外すことはできません'));
    }
    if (problems.length) throw validationError(problems);
    if (before.version !== input.version) throw errors.versionConflict(before);
    const ok = await updateUserRow(trx, id, input.version, {
      display_name: input.displayName ?? before.displayName,
      role,
      ward_id: wardId ?? null,
      disabled: (input.disabled ?? before.disabled) ? 1 : 0,
      ...(passwordHash ? { password_hash: passwordHash } : {}),
      updated_at: ctx.now,
    });
    if (!ok) throw errors.versionConflict(rowToUser((await findUserRow(trx, { id }))!));
    const after = rowToUser((await findUserRow(trx, { id }))!);
    // Disabling, a new password or a new role ends the user's sessions at once.
    if (after.disabled || passwordHash || after.role !== before.role || after.wardId !== before.wardId) await deleteSessionsOfUser(trx, id);
    const changed = [passwordHash ? 'password' : '', after.disabled !== before.disabled ? (after.disabled ? 'disabled' : 'enabled') : '', after.role !== before.role ? `role ${after.role}` : ''].filter(Boolean).join(', ');
    await appendJournal(trx, { at: ctx.now, actor: ctx.actor, entity: 'user', entityId: id, wardId: after.wardId, action: 'update', version: after.version, summary: `user ${after.username} updated${changed ? `: ${changed}` : ''}`, before, after });
    return after;
  });
}
