import { describe, expect, it } from 'vitest';
import { formParams, markForm, parseForm, parseMarkedForm } from './form-params.js';

describe('parseMarkedForm', () => {
  it('gives formParams the same parameters as parseForm + markForm', () => {
    const body = 'grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&empty=&a+b=c+d';
    expect(formParams(parseMarkedForm(body))).toEqual(formParams(markForm(parseForm(body))));
    expect(formParams(parseMarkedForm(body))).toEqual({ grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default', 'a b': 'c d' });
  });

  it('keeps __proto__ and constructor as plain parameters', () => {
    const params = formParams(parseMarkedForm('__proto__=x&constructor=y&grant_type=z'));
    expect(Object.keys(params).sort()).toEqual(['__proto__', 'constructor', 'grant_type']);
    expect(params.constructor).toBe('y');
  });

  it('still refuses duplicated parameters, and unmarked objects are no parameters', () => {
    expect(() => formParams(parseMarkedForm('scope=a&scope=b'))).toThrow();
    expect(formParams({ grant_type: 'client_credentials' })).toEqual({});
    expect(formParams(parseForm('grant_type=x'))).toEqual({});
  });
});
