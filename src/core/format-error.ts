import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError, AuthenticationError, AuthorizationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { AppError, ErrorCode } from './errors';
import type { Logger } from './logger';

const PASS_THROUGH = new Set<string>([
  ErrorCode.GRAPHQL_VALIDATION_FAILED,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
]);

function firstField(errors: ValidationError[], prefix = ''): { field: string; message: string } | null {
  for (const e of errors) {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) {
      const message = Object.values(e.constraints)[0];
      return { field: path, message: message.charAt(0).toUpperCase() + message.slice(1) + '.' };
    }
    const nested = firstField(e.children ?? [], path);
    if (nested) return nested;
  }
  return null;
}

/**
 * What may be logged of an unexpected error: never SQL parameters, row values or
 * variables (they carry health data), only what helps find the fault.
 */
export function loggableError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const e = err as Error & {
    code?: string;
    driverError?: { code?: string; constraint?: string; table?: string; routine?: string };
  };
  const db = e.driverError;
  if (db || e.name === 'QueryFailedError') {
    return {
      type: e.name,
      code: db?.code ?? e.code,
      constraint: db?.constraint,
      table: db?.table,
      routine: db?.routine,
      stack: e.stack?.split('\n').slice(1, 6).join('\n'),
    };
  }
  return { type: e.name, message: e.message, code: e.code, stack: e.stack };
}

// graphql-js echoes the submitted value in variable errors; a value may be a sobriety date.
const VARIABLE_VALUE = /^(Variable "\$\w+") got invalid value [\s\S]*?(?=; | at "|$)/;
const VARIABLE_PATH = / at "([^"]+)"/;

const VARIABLE_COERCION = /^Variable "\$\w+" (got invalid value|has invalid value|of required type|of non-null type) /;

// Suggestions ("Did you mean the enum value …?") would map the schema for a prober.
const SUGGESTION = / Did you mean [\s\S]*$/;

// Scalars and enums echo the value too: "Int cannot represent non-integer value: \"ten\"".
const SCALAR_VALUE = /( cannot represent [^:;]*): [\s\S]*?(?=; |$)/;
const ENUM_VALUE = /Value "[^"]*" does not exist in ("\w+" enum)/;

function scrubVariableError(raw: string): { message: string; field?: string } {
  const message = raw
    .replace(SUGGESTION, '')
    .replace(SCALAR_VALUE, '$1.')
    .replace(ENUM_VALUE, 'The value does not exist in $1');
  if (!VARIABLE_VALUE.test(message)) return { message };
  const path = VARIABLE_PATH.exec(message)?.[1];
  return { message: message.replace(VARIABLE_VALUE, '$1 got an invalid value'), field: path?.split('.').pop() };
}

/**
 * Maps every error to a contract code. Expected errors pass with their details; anything
 * unexpected is logged in full and reaches the client as a masked INTERNAL_SERVER_ERROR.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, log: Logger): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof AppError) {
    const { http: _http, ...extensions } = original.extensions as Record<string, unknown>;
    return { ...base, message: original.message, extensions };
  }
  if (original instanceof ArgumentValidationError) {
    const first = firstField(original.extensions.validationErrors);
    return {
      ...base,
      message: first ? first.message : 'Some values are not valid.',
      extensions: { code: ErrorCode.BAD_USER_INPUT, ...(first ? { field: first.field } : {}) },
    };
  }
  if (original instanceof AuthenticationError) {
    return { ...base, message: 'You need to sign in to do this.', extensions: { code: ErrorCode.UNAUTHENTICATED } };
  }
  if (original instanceof AuthorizationError) {
    return { ...base, message: 'You are not allowed to do this.', extensions: { code: ErrorCode.FORBIDDEN } };
  }
  // Apollo marks variable coercion errors BAD_USER_INPUT; over the WebSocket they come bare.
  const code =
    (formatted.extensions?.code as string | undefined) ??
    (!formatted.path && VARIABLE_COERCION.test(formatted.message) ? ErrorCode.BAD_USER_INPUT : undefined);
  if (code === 'GRAPHQL_PARSE_FAILED') {
    return { ...base, message: formatted.message, extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED } };
  }
  if (
    code === 'BAD_REQUEST' ||
    code === 'OPERATION_RESOLUTION_FAILURE' ||
    code === 'PERSISTED_QUERY_NOT_SUPPORTED' ||
    code === 'PERSISTED_QUERY_NOT_FOUND'
  ) {
    return { ...base, message: formatted.message, extensions: { code: ErrorCode.BAD_USER_INPUT } };
  }
  // Errors with no path come from parsing, validation or variable coercion, never from our code.
  if (code && PASS_THROUGH.has(code) && !formatted.path) {
    if (code === ErrorCode.BAD_USER_INPUT) {
      const { message, field } = scrubVariableError(formatted.message);
      return { ...base, message, extensions: { code, ...(field ? { field } : {}) } };
    }
    // Field suggestions would map the schema for a prober, on any transport.
    return { ...base, message: formatted.message.replace(SUGGESTION, ''), extensions: { code } };
  }
  log.error({ err: loggableError(original) }, 'unexpected error');
  return { ...base, message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}
