/**
 * The few calls of Keycloak's admin REST API the platform makes (users, their realm roles, sessions,
 * and for local tools clients), over fetch. The official @keycloak/keycloak-admin-client is ESM-only,
 * which this CommonJS build and its jest setup cannot load; these calls are a small, typed subset.
 */

export type AdminCredentials =
  /** a confidential client's service account (production: the platform's `yiyang-accounts`) */
  | { kind: 'client'; clientId: string; clientSecret: string }
  /** a master-realm administrator (local tools only: the token CLI, the test setup, the demo data) */
  | { kind: 'admin'; username: string; password: string };

export interface KeycloakAdminSettings {
  /** Keycloak's base URL, e.g. http://127.0.0.1:8180 */
  baseUrl: string;
  /** the realm whose users are managed */
  realm: string;
  credentials: AdminCredentials;
  /** ms before a call is abandoned */
  timeoutMs?: number;
}

export interface UserRepresentation {
  id: string;
  username: string;
  enabled: boolean;
  firstName?: string;
  lastName?: string;
  email?: string;
  createdTimestamp?: number;
  attributes?: Record<string, string[]>;
  requiredActions?: string[];
}

export interface NewUser {
  username: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  enabled?: boolean;
  attributes?: Record<string, string[]>;
  requiredActions?: string[];
  /** a password; `temporary` makes the person choose their own at first sign-in */
  password?: { value: string; temporary: boolean };
}

/** The provider did not answer, or answered 5xx: a transient fault. */
export class IdentityProviderUnavailableError extends Error {
  /** retry it: consumers treat errors marked transient like a database that is restarting */
  readonly transient = true;

  constructor(message: string) {
    super(message);
    this.name = 'IdentityProviderUnavailableError';
  }
}

/** The provider refused a call (4xx): `status` says which, `body` what it said. */
export class IdentityProviderRefusedError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: the identity provider answered ${status} ${body.slice(0, 200)}`);
    this.name = 'IdentityProviderRefusedError';
  }
}

/** Derives Keycloak's base URL and realm from an issuer such as http://host:8180/realms/yiyang. */
export function keycloakRealmOf(issuer: string): { baseUrl: string; realm: string } | null {
  const match = /^(https?:\/\/.+?)\/realms\/([^/]+)\/?$/.exec(issuer);
  return match ? { baseUrl: match[1], realm: decodeURIComponent(match[2]) } : null;
}

export class KeycloakAdmin {
  private token?: { value: string; expiresAt: number };

  constructor(private readonly settings: KeycloakAdminSettings) {}

  get realm(): string {
    return this.settings.realm;
  }

  get baseUrl(): string {
    return this.settings.baseUrl;
  }

  /** The same administrator, managing another realm. */
  forRealm(realm: string): KeycloakAdmin {
    return new KeycloakAdmin({ ...this.settings, realm });
  }

  // ── users ────────────────────────────────────────────────────────────────────────────────────

  /** Creates a user and returns its id. A taken username is a 409 IdentityProviderRefusedError. */
  async createUser(user: NewUser): Promise<string> {
    const { password, ...rest } = user;
    const body = {
      enabled: true,
      ...rest,
      ...(password ? { credentials: [{ type: 'password', value: password.value, temporary: password.temporary }] } : {}),
    };
    const res = await this.call('POST', this.realmPath('/users'), body, 'creating a user');
    const location = res.headers.get('location') ?? '';
    const id = location.split('/').pop();
    if (!id) throw new IdentityProviderRefusedError(res.status, 'no Location header', 'creating a user');
    return id;
  }

  async getUser(id: string): Promise<UserRepresentation | null> {
    try {
      return (await (
        await this.call('GET', this.realmPath(`/users/${encodeURIComponent(id)}`), undefined, 'reading a user')
      ).json()) as UserRepresentation;
    } catch (err) {
      if (err instanceof IdentityProviderRefusedError && err.status === 404) return null;
      throw err;
    }
  }

  async deleteUser(id: string): Promise<void> {
    await this.call('DELETE', this.realmPath(`/users/${encodeURIComponent(id)}`), undefined, 'deleting a user');
  }

  /** Users whose attribute `name` has `value` (exact), or by exact username; `first`/`max` page. */
  async findUsers(query: {
    attribute?: { name: string; value: string };
    username?: string;
    first?: number;
    max?: number;
  }): Promise<UserRepresentation[]> {
    const params = new URLSearchParams();
    if (query.attribute) params.set('q', `${query.attribute.name}:${query.attribute.value}`);
    if (query.username) {
      params.set('username', query.username);
      params.set('exact', 'true');
    }
    params.set('briefRepresentation', 'false');
    params.set('first', String(query.first ?? 0));
    params.set('max', String(query.max ?? 100));
    return (await (
      await this.call('GET', this.realmPath(`/users?${params.toString()}`), undefined, 'finding users')
    ).json()) as UserRepresentation[];
  }

  /** Updates the given fields; `attributes`, when given, replace the user's attributes whole. */
  async updateUser(id: string, changes: Partial<Omit<UserRepresentation, 'id'>>): Promise<void> {
    const current = await this.getUser(id);
    if (!current) throw new IdentityProviderRefusedError(404, 'user not found', 'updating a user');
    await this.call('PUT', this.realmPath(`/users/${encodeURIComponent(id)}`), { ...current, ...changes }, 'updating a user');
  }

  async setEnabled(id: string, enabled: boolean): Promise<void> {
    await this.updateUser(id, { enabled });
  }

  /** Ends every session of the user (refresh tokens stop working at once). */
  async logout(id: string): Promise<void> {
    await this.call('POST', this.realmPath(`/users/${encodeURIComponent(id)}/logout`), undefined, 'ending sessions');
  }

  async resetPassword(id: string, value: string, temporary: boolean): Promise<void> {
    await this.call(
      'PUT',
      this.realmPath(`/users/${encodeURIComponent(id)}/reset-password`),
      { type: 'password', value, temporary },
      'setting a password',
    );
  }

  async realmRolesOf(id: string): Promise<string[]> {
    const roles = (await (
      await this.call('GET', this.realmPath(`/users/${encodeURIComponent(id)}/role-mappings/realm`), undefined, 'reading roles')
    ).json()) as { name: string }[];
    return roles.map((r) => r.name);
  }

  /**
   * Grants realm roles. The roles are read from the user's "available" mappings, which manage-users may
   * see; reading the realm's roles directly would need view-realm, more than the platform's client has.
   */
  async addRealmRoles(id: string, names: string[]): Promise<void> {
    if (names.length === 0) return;
    const path = this.realmPath(`/users/${encodeURIComponent(id)}/role-mappings/realm`);
    const available = (await (await this.call('GET', `${path}/available`, undefined, 'reading grantable roles')).json()) as {
      id: string;
      name: string;
    }[];
    const roles = available.filter((r) => names.includes(r.name));
    const missing = names.filter((n) => !roles.some((r) => r.name === n));
    if (missing.length) {
      const held = await this.realmRolesOf(id);
      const unknown = missing.filter((n) => !held.includes(n));
      if (unknown.length) throw new IdentityProviderRefusedError(404, `no realm role ${unknown.join(', ')}`, 'granting roles');
    }
    if (roles.length) await this.call('POST', path, roles, 'granting roles');
  }

  // ── clients (local tools) ─────────────────────────────────────────────────────────────────────

  async findClient(clientId: string): Promise<{ id: string; clientId: string } | null> {
    const list = (await (
      await this.call('GET', this.realmPath(`/clients?clientId=${encodeURIComponent(clientId)}`), undefined, 'finding a client')
    ).json()) as { id: string; clientId: string }[];
    return list[0] ?? null;
  }

  /** Creates the client unless one with its clientId exists. */
  async ensureClient(client: Record<string, unknown> & { clientId: string }): Promise<void> {
    if (await this.findClient(client.clientId)) return;
    try {
      await this.call('POST', this.realmPath('/clients'), client, 'creating a client');
    } catch (err) {
      if (!(err instanceof IdentityProviderRefusedError && err.status === 409)) throw err;
    }
  }

  /** The realm's keys (admin view), e.g. to rotate them in tests. */
  async components(type: string): Promise<{ id: string; name: string; providerId: string; config?: Record<string, string[]> }[]> {
    return (await (
      await this.call('GET', this.realmPath(`/components?type=${encodeURIComponent(type)}`), undefined, 'reading components')
    ).json()) as never;
  }

  async addComponent(component: Record<string, unknown>): Promise<void> {
    await this.call('POST', this.realmPath('/components'), component, 'adding a component');
  }

  async removeComponent(id: string): Promise<void> {
    await this.call('DELETE', this.realmPath(`/components/${encodeURIComponent(id)}`), undefined, 'removing a component');
  }

  // ── realms (tests: a throwaway realm of their own) ─────────────────────────────────────────────

  /** Imports a realm (master-realm administrator only). */
  async createRealm(realm: Record<string, unknown>): Promise<void> {
    await this.call('POST', `${this.settings.baseUrl}/admin/realms`, realm, 'creating a realm');
  }

  async deleteRealm(name: string): Promise<void> {
    await this.call('DELETE', `${this.settings.baseUrl}/admin/realms/${encodeURIComponent(name)}`, undefined, 'deleting a realm');
  }

  // ── plumbing ──────────────────────────────────────────────────────────────────────────────────

  private realmPath(path: string): string {
    return `${this.settings.baseUrl}/admin/realms/${encodeURIComponent(this.settings.realm)}${path}`;
  }

  private async call(method: string, url: string, body: unknown, what: string, retried = false): Promise<Response> {
    const token = await this.accessToken();
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new IdentityProviderUnavailableError(
        `${what}: the identity provider at ${this.settings.baseUrl} did not answer (${(err as Error).message})`,
      );
    }
    if (res.status === 401 && !retried) {
      this.token = undefined;
      return this.call(method, url, body, what, true);
    }
    if (res.status >= 500) throw new IdentityProviderUnavailableError(`${what}: the identity provider answered ${res.status}`);
    if (res.status >= 400) throw new IdentityProviderRefusedError(res.status, await res.text(), what);
    return res;
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now() + 10_000) return this.token.value;
    const { credentials, baseUrl } = this.settings;
    const realm = credentials.kind === 'client' ? this.settings.realm : 'master';
    const form =
      credentials.kind === 'client'
        ? new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: credentials.clientId,
            client_secret: credentials.clientSecret,
          })
        : new URLSearchParams({
            grant_type: 'password',
            client_id: 'admin-cli',
            username: credentials.username,
            password: credentials.password,
          });
    let res: Response;
    try {
      res = await fetch(`${baseUrl}/realms/${encodeURIComponent(realm)}/protocol/openid-connect/token`, {
        method: 'POST',
        body: form,
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new IdentityProviderUnavailableError(`the identity provider at ${baseUrl} did not answer (${(err as Error).message})`);
    }
    if (res.status >= 500) throw new IdentityProviderUnavailableError(`signing in to the identity provider: it answered ${res.status}`);
    if (!res.ok)
      throw new IdentityProviderRefusedError(res.status, await res.text(), 'signing in to the identity provider for account management');
    const json = (await res.json()) as { access_token: string; expires_in: number };
    this.token = { value: json.access_token, expiresAt: Date.now() + json.expires_in * 1000 };
    return json.access_token;
  }
}

/** Signs a person in with their password through a client that allows direct grants (local tools and tests only). */
export async function passwordGrant(
  issuer: string,
  clientId: string,
  username: string,
  password: string,
): Promise<{ accessToken: string; refreshToken: string; expiresIn: number }> {
  const res = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: clientId, username, password, scope: 'openid' }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new IdentityProviderRefusedError(res.status, await res.text(), `signing ${username} in`);
  const json = (await res.json()) as { access_token: string; refresh_token: string; expires_in: number };
  return { accessToken: json.access_token, refreshToken: json.refresh_token, expiresIn: json.expires_in };
}
