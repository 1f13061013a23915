import { Controller, Get, INestApplication } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ProblemDetailsFilter } from '@yiyang/http';
import { FakeIssuer, IssuerKey, accessToken, issuerKey } from '../test/fake-issuer';
import { AuthGuard, CurrentPrincipal, Public, Roles } from './auth.guard';
import { DEFAULT_CLAIMS } from './claims';
import { Principal } from './principal';
import { AUTH_SETTINGS, AuthSettings } from './settings';

@Controller()
class ProbeController {
  @Get('me')
  me(@CurrentPrincipal() p: Principal) {
    return p;
  }

  @Get('registry')
  @Roles('registrar')
  registry() {
    return { ok: true };
  }

  @Get('open')
  @Public()
  open() {
    return { ok: true };
  }
}

/** The guard inside a real Nest application with the platform's problem+json filter, against a local issuer. */
describe('AuthGuard', () => {
  let provider: FakeIssuer;
  let key: IssuerKey;
  let app: INestApplication;
  let clock = Date.now();

  beforeAll(async () => {
    key = await issuerKey('rsa-1', 'RS256');
    provider = await new FakeIssuer().start();
    provider.publish(key);
    provider.down = true; // the provider is away when the service starts
    const settings: AuthSettings = {
      oidc: { issuer: provider.issuer, audience: 'yiyang-api', claims: DEFAULT_CLAIMS },
      clockToleranceSeconds: 30,
      now: () => clock,
      keyTiming: { retryAfterMs: 5_000 },
    };
    const moduleRef = await Test.createTestingModule({
      controllers: [ProbeController],
      providers: [
        { provide: AUTH_SETTINGS, useValue: settings },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useFactory: () => new ProblemDetailsFilter() },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init(); // starts, although the keys cannot be fetched
  });
  afterAll(async () => {
    await app?.close();
    await provider.stop();
  });

  it('answers 503 problem+json with Retry-After while the issuer’s keys cannot be fetched, then recovers', async () => {
    const token = await accessToken(key, provider.issuer, clock);
    const res = await request(app.getHttpServer()).get('/me').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', detail: expect.stringMatching(/signing keys/) });
    expect(provider.hits.discovery).toBeGreaterThanOrEqual(1); // fetched in the background at start

    // a token that is wrong on its face is still 401
    await request(app.getHttpServer())
      .get('/me')
      .set('Authorization', `Bearer ${await accessToken(key, 'https://elsewhere.example/realms/x', clock)}`)
      .expect(401);

    provider.down = false;
    clock += 5_000;
    const ok = await request(app.getHttpServer()).get('/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(ok.body).toEqual({
      sub: '5d1f6a52-8c1e-4f0a-9b1c-2a3d4e5f6a7b',
      roles: ['referral-desk'],
      institutionId: '3f1c2a9e-0b7d-4c1e-9a57-1d2e3f4a5b6c',
      name: '林分诊',
    });
  });

  it('answers 401 for a missing or invalid token, 403 for a missing role, and lets public routes through', async () => {
    provider.down = false;
    clock += 5_000; // past any pause left by the test before
    const http = request(app.getHttpServer());
    await http.get('/open').expect(200);
    const none = await http.get('/me').expect(401);
    expect(none.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    const expired = await http
      .get('/me')
      .set('Authorization', `Bearer ${await accessToken(key, provider.issuer, clock, { exp: Math.floor(clock / 1000) - 60 })}`)
      .expect(401);
    expect(expired.body.detail).toMatch(/expired/);
    const desk = await accessToken(key, provider.issuer, clock);
    await http.get('/registry').set('Authorization', `Bearer ${desk}`).expect(403);
  });
});
