import { createHash, randomBytes } from 'node:crypto';
import { Authorized, registerEnumType, type AuthChecker } from 'type-graphql';
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
 * Access rules declared on resolvers. Every resolver class declares a default with
 * `@Authorized(...)`, and each operation may narrow or widen it; a test lists them all.
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

export const Public = () => Authorized(Rule.PUBLIC);
export const SignedIn = () => Authorized();
export const Coordinators = () => Authorized(Rule.COORDINATOR);
export const Admins = () => Authorized(Rule.ADMIN);
export const MentorsAndCoordinators = () => Authorized(Rule.MENTOR);
/** Signed in, allies too: for what an ally may reach (their member's shared view, open meetings). */
export const AlliesToo = () => Authorized(Rule.ALLY);

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

export const authChecker: AuthChecker<{ viewer: AuthUser | null }, string> = ({ context }, rules) => {
  if (rules.includes(Rule.PUBLIC)) return true;
  const viewer = context.viewer;
  if (!viewer) throw new UnauthenticatedError();
  // Fail closed: an ally passes only rules that name them, whatever else the rule would allow.
  if (isAlly(viewer)) {
    if (rules.includes(Rule.ALLY)) return true;
    throw new ForbiddenError();
  }
  if (rules.length === 0 || rules.some((r) => satisfies(viewer, r))) return true;
  throw new ForbiddenError();
};

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
