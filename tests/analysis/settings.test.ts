import { describe, expect, it, vi } from 'vitest';
import { readSettings } from '../../src/analysis/settings.js';

describe('settings', () => {
  it('reads every key', () => {
    const settings = readSettings({
      'backend-architect': { clientNames: ['replica'], validators: ['check'], authFunctions: ['requireUser'], framework: 'next', schema: 'prisma' },
    });
    expect([...settings.clientNames]).toEqual(['replica']);
    expect([...settings.validators]).toEqual(['check']);
    expect([...settings.authFunctions]).toEqual(['requireUser']);
    expect(settings.framework).toBe('next');
    expect(settings.schema).toBe('prisma');
  });

  it('keeps the valid keys of a malformed object, warns once per problem, never throws', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const raw = { 'backend-architect': { clientNames: 'db', validators: ['v'], framework: 'rails' } };
    const settings = readSettings(raw);
    readSettings({ 'backend-architect': { clientNames: 'db' } });
    expect([...settings.validators]).toEqual(['v']);
    expect(settings.clientNames.size).toBe(0);
    expect(settings.framework).toBeUndefined();
    const messages = warn.mock.calls.map((call) => String(call[0]));
    expect(messages.filter((message) => message.includes('clientNames'))).toHaveLength(1);
    expect(messages.some((message) => message.includes('framework') && message.includes('next'))).toBe(true);
    warn.mockRestore();
  });

  it('ignores a non-object value', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    expect(readSettings({ 'backend-architect': 42 }).clientNames.size).toBe(0);
    expect(readSettings(undefined).validators.size).toBe(0);
    warn.mockRestore();
  });
});
