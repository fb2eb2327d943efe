import { del, get, post, request } from './http';

/** The signed-in account, as `GET /api/session` answers it. */
export interface Me {
  id: number | null;
  username: string;
  role: 'ADMIN' | 'MEMBER' | 'VIEWER';
  securityEnabled: boolean;
}

export interface TokenInfo {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** A token just made: the only time its secret is shown. */
export interface IssuedToken {
  id: number;
  name: string;
  token: string;
  prefix: string;
  expiresAt: string | null;
}

export interface UserView {
  id: number;
  username: string;
  role: Me['role'];
  disabled: boolean;
  hasPassword: boolean;
  createdAt: string;
}

export const me = () => get<Me>('/api/session');
export const signIn = (body: { username: string; password: string } | { token: string }) =>
  post<Me>('/api/session', body);
export const signOut = () => del('/api/session');
export const changePassword = (newPassword: string, currentPassword?: string) =>
  request<void>('/api/session/password', {
    method: 'PUT',
    body: { newPassword, ...(currentPassword ? { currentPassword } : {}) },
  });

export const listTokens = () => get<TokenInfo[]>('/api/tokens');
export const createToken = (name: string, expiresInDays?: number) =>
  post<IssuedToken>('/api/tokens', { name, ...(expiresInDays ? { expiresInDays } : {}) });
export const revokeToken = (id: number) => del(`/api/tokens/${id}`);

export const listUsers = () => get<UserView[]>('/api/users');
export const createUser = (username: string, password: string, role: string) =>
  post<UserView>('/api/users', { username, password, role });
export const setRole = (id: number, role: string) =>
  request<void>(`/api/users/${id}/role`, { method: 'PUT', body: { role } });
export const disableUser = (id: number) => del(`/api/users/${id}`);
