import { http } from './http';
import { endSession, getRefreshToken, getToken, setTokens } from './session';
import type { Captcha, Me, TokenPair } from './types';

export interface LoginInput {
  username: string;
  password: string;
  captcha: string;
  key: string;
}

export interface RegisterInput {
  username: string;
  email: string;
  password: string;
}

export function fetchCaptcha(): Promise<Captcha> {
  return http.get<Captcha>('/api/auth/captcha', undefined, { auth: false, silent: true });
}

/** Signs in and stores the token pair; errors are left to the login page to show. */
export async function login(input: LoginInput): Promise<TokenPair> {
  const pair = await http.post<TokenPair>('/api/auth/login', input, { auth: false, silent: true });
  setTokens(pair);
  return pair;
}

export function register(input: RegisterInput): Promise<unknown> {
  return http.post('/api/auth/register', input, { auth: false, silent: true });
}

export function fetchMe(): Promise<Me> {
  return http.get<Me>('/api/auth/me');
}

/** Ends the session here first (instant), then asks the server to revoke the tokens. */
export async function logout(): Promise<void> {
  const token = getToken();
  const refreshToken = getRefreshToken();
  endSession('logout');
  if (!token) return;
  await http.post('/api/auth/logout', refreshToken ? { refreshToken } : undefined, { token, silent: true }).catch(() => undefined);
}
