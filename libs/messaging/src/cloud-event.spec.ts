import { EventTypes } from '@yiyang/contracts';
import { institutionSnapshot } from '@yiyang/testing';
import { buildEvent, parseEvent, PoisonMessageError } from './cloud-event';

const institution = institutionSnapshot({ id: '3f1c2a56-8e0b-4a3e-9a5d-2b7c1d4e5f60' });

const event = () =>
  buildEvent(
    {
      type: EventTypes.institution.registered,
      aggregateType: 'institution',
      aggregateId: institution.id,
      sequence: 1,
      division: '350102',
      data: { institution },
      actor: { userId: 'u1', role: 'registrar' },
    },
    '/yiyang/institution-registry',
    '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  );

const reasonOf = (value: string) => {
  try {
    parseEvent(Buffer.from(value));
  } catch (err) {
    expect(err).toBeInstanceOf(PoisonMessageError);
    return (err as Error).message;
  }
  throw new Error('expected a PoisonMessageError');
};

describe('CloudEvents envelope', () => {
  it('builds a CloudEvents 1.0 event with the platform extensions', () => {
    const e = event();
    expect(e).toMatchObject({
      specversion: '1.0',
      type: 'yiyang.institution.registered.v1',
      source: '/yiyang/institution-registry',
      subject: institution.id,
      datacontenttype: 'application/json',
      sequence: 1,
      division: '350102',
      actor: 'registrar:u1',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('parses what it builds', () => {
    const e = event();
    expect(parseEvent(Buffer.from(JSON.stringify(e))).data).toEqual({ institution });
  });

  it('ignores fields it does not know', () => {
    const e = { ...event(), futurefield: 'x', data: { institution: { ...institution, newThing: 1 }, extra: true } };
    expect(parseEvent(JSON.stringify(e)).data).toEqual({ institution });
  });

  it('dead-letters an unparsable message', () => expect(reasonOf('{"id":')).toMatch(/^unparsable/));
  it('dead-letters a JSON array', () => expect(reasonOf('[1,2]')).toMatch(/^unparsable: not a JSON object/));
  it('dead-letters a missing specversion', () => {
    const { specversion: _s, ...rest } = event();
    expect(reasonOf(JSON.stringify(rest))).toMatch(/^invalid envelope/);
  });
  it('dead-letters an unknown schema version', () => {
    expect(reasonOf(JSON.stringify({ ...event(), type: 'yiyang.institution.registered.v2' }))).toMatch(
      /unknown event type or schema version/,
    );
  });
  it('dead-letters a type that is not the platform’s', () => {
    expect(reasonOf(JSON.stringify({ ...event(), type: 'com.example.thing' }))).toMatch(/unknown event type/);
  });
  it('dead-letters data failing its contract, naming the field', () => {
    const bad = { ...event(), data: { institution: { ...institution, divisionCode: 'x' } } };
    expect(reasonOf(JSON.stringify(bad))).toMatch(/failing validation: data\.institution\.divisionCode/);
  });
  it('dead-letters a missing sequence', () => {
    const { sequence: _s, ...rest } = event();
    expect(reasonOf(JSON.stringify(rest))).toMatch(/sequence/);
  });
});
