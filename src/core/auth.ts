import { createHash, randomBytes } from 'node:crypto';
import { registerEnumType } from 'type-graphql';
import { ForbiddenError, UnauthenticatedError } from './errors';

export enum Role {
  MEMBER = 'MEMBER',
  COORDINATOR = 'COORDINATOR',
  ADMIN = 'ADMIN',
  ALLY = 'ALLY',
}
registerEnumType(Role, {
  name: 'Role',
  description: 'What a person may do in the network.',
  valuesConfig: {
    MEMBER: { description: 'An alumnus of the program.' },
    COORDINATOR: { description: 'Program staff: invites members, hosts meetings, moderates.' },
    ADMIN: { description: 'Runs the network: everything a coordinator does, and invites coordinators.' },
    ALLY: {
      description:
        'Family or a friend a member invited: sees only that member, only what they share, and meetings open to families.',
    },
  },
});

/** The signed-in person as the request sees them. */
export interface AuthUser {
  id: string;
  role: Role;
  isMentor: boolean;
  displayName: string;
  timeZone: string;
}

/**
 * Access rules declared on resolvers. Every resolver class declares a default with one of the
 * decorators below, and each operation may narrow or widen it; a test lists them all.
 */
export const Rule = {
  /** Anyone, signed in or not. */
  PUBLIC: 'PUBLIC',
  /** Coordinators and admins. */
  COORDINATOR: 'COORDINATOR',
  /** Admins only. */
  ADMIN: 'ADMIN',
  /** Approved mentors, coordinators and admins. */
  MENTOR: 'MENTOR',
  /**
   * Anyone signed in, allies included. Allies pass no other rule but PUBLIC: an operation or
   * field is closed to them unless it says this.
   */
  ALLY: 'ALLY',
} as const;
export type Rule = (typeof Rule)[keyof typeof Rule];

/** Rules declared with the decorators below: a class's default, and each member's own. */
const declared = new Map<Function, { rules?: readonly string[]; members: Map<string, readonly string[]> }>();

/** Declares who may call an operation or read a field; schema.ts applies it (`authorize`). */
function accessRule(...rules: string[]) {
  return (target: object, member?: string | symbol, _descriptor?: unknown): void => {
    const owner = member === undefined ? (target as Function) : target.constructor;
    let entry = declared.get(owner);
    if (!entry) declared.set(owner, (entry = { members: new Map() }));
    if (member === undefined) entry.rules = rules;
    else entry.members.set(String(member), rules);
  };
}

/** The rules for a member of a resolver or object class: its own, else its class's, else inherited. */
export function declaredRules(owner: Function, member: string): readonly string[] | undefined {
  for (let c: Function | null = owner; c && c !== Function.prototype; c = Object.getPrototypeOf(c) as Function | null) {
    const entry = declared.get(c);
    const rules = entry?.members.get(member) ?? entry?.rules;
    if (rules) return rules;
  }
  return undefined;
}

export const Public = () => accessRule(Rule.PUBLIC);
/** Signed in, allies excepted. */
export const SignedIn = () => accessRule();
export const Coordinators = () => accessRule(Rule.COORDINATOR);
export const Admins = () => accessRule(Rule.ADMIN);
export const MentorsAndCoordinators = () => accessRule(Rule.MENTOR);
/** Signed in, allies too: for what an ally may reach (their member's shared view, open meetings). */
export const AlliesToo = () => accessRule(Rule.ALLY);

export function isAlly(user: Pick<AuthUser, 'role'> | null | undefined): boolean {
  return !!user && user.role === Role.ALLY;
}

export function isCoordinator(user: Pick<AuthUser, 'role'> | null | undefined): boolean {
  return !!user && (user.role === Role.COORDINATOR || user.role === Role.ADMIN);
}

export function satisfies(user: AuthUser, rule: string): boolean {
  switch (rule) {
    case Rule.PUBLIC:
    case Rule.ALLY:
      return true;
    case Rule.ADMIN:
      return user.role === Role.ADMIN;
    case Rule.COORDINATOR:
      return isCoordinator(user);
    case Rule.MENTOR:
      return user.isMentor || isCoordinator(user);
    default:
      return false;
  }
}

/**
 * Applies a field's access rules to the viewer: returns, or throws UNAUTHENTICATED or FORBIDDEN.
 * Synchronous on purpose: it runs for every guarded field of a page (schema.ts applies it).
 */
export function authorize(viewer: AuthUser | null, rules: readonly string[]): void {
  if (rules.includes(Rule.PUBLIC)) return;
  if (!viewer) throw new UnauthenticatedError();
  // Fail closed: an ally passes only rules that name them, whatever else the rule would allow.
  if (isAlly(viewer)) {
    if (rules.includes(Rule.ALLY)) return;
    throw new ForbiddenError();
  }
  if (rules.length === 0 || rules.some((r) => satisfies(viewer, r))) return;
  throw new ForbiddenError();
}

/** Opaque bearer secrets: random, URL-safe, stored only as their SHA-256. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function bearerToken(header: string | undefined | null): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : null;
}
