import { AddressInfo } from 'node:net';
import { Server, createServer } from 'node:http';
import { JWK, JWTPayload, KeyLike, SignJWT, exportJWK, generateKeyPair } from 'jose';

export interface IssuerKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: KeyLike;
  publicKey: KeyLike;
  jwk: JWK;
}

export async function issuerKey(kid: string, alg: 'RS256' | 'ES256'): Promise<IssuerKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, publicKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/**
 * An OpenID Connect provider as far as a resource server sees one, on a real local HTTP port: the
 * discovery document and the JWKS (Keycloak's paths), which the test changes while it runs. `down`
 * makes both answer 503; `hits` counts the requests.
 */
export class FakeIssuer {
  private server?: Server;
  issuer = '';
  keys: JWK[] = [];
  down = false;
  /** what the discovery document claims as issuer (default: the real one) */
  advertisedIssuer?: string;
  readonly hits = { discovery: 0, jwks: 0 };

  async start(realm = 'yiyang'): Promise<this> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      const prefix = new URL(this.issuer).pathname;
      if (path === `${prefix}/.well-known/openid-configuration`) this.hits.discovery++;
      else if (path === `${prefix}/protocol/openid-connect/certs`) this.hits.jwks++;
      if (this.down) return void res.writeHead(503, { 'content-type': 'text/plain' }).end('maintenance');
      if (path === `${prefix}/.well-known/openid-configuration`) {
        const body = {
          issuer: this.advertisedIssuer ?? this.issuer,
          jwks_uri: `${this.issuer}/protocol/openid-connect/certs`,
          id_token_signing_alg_values_supported: ['RS256', 'ES256'],
        };
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      }
      if (path === `${prefix}/protocol/openid-connect/certs`) {
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.keys }));
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/${realm}`;
    return this;
  }

  publish(...keys: IssuerKey[]): void {
    // Keycloak also publishes an encryption key: a verifier must never pick it
    const enc = { kty: 'RSA', kid: 'enc-1', use: 'enc', alg: 'RSA-OAEP', n: 'sXch', e: 'AQAB' };
    this.keys = [...keys.map((k) => k.jwk), enc];
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

/** An access token as Keycloak issues it, at `nowMs`, valid for 5 minutes unless the claims say otherwise. */
export function accessToken(
  key: Pick<IssuerKey, 'privateKey' | 'kid' | 'alg'>,
  issuer: string,
  nowMs: number,
  claims: JWTPayload = {},
): Promise<string> {
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({
    iss: issuer,
    aud: ['yiyang-api', 'account'],
    sub: '5d1f6a52-8c1e-4f0a-9b1c-2a3d4e5f6a7b',
    typ: 'Bearer',
    azp: 'yiyang-web',
    iat,
    exp: iat + 300,
    roles: ['default-roles-yiyang', 'offline_access', 'uma_authorization', 'referral-desk'],
    institutionId: '3f1c2a9e-0b7d-4c1e-9a57-1d2e3f4a5b6c',
    name: '林分诊',
    preferred_username: 'lin.desk',
    ...claims,
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .sign(key.privateKey);
}
