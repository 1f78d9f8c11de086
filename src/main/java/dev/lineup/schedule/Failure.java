package dev.lineup.schedule;

/**
 * Why a request was refused, in the domain's words. {@code dev.lineup.api.Problems} maps each kind
 * to the HTTP status of the REST answer and the {@code failureCode} of an event-bus reply, once.
 */
public enum Failure {
  /** The request is malformed or a value is not allowed. */
  INVALID,
  /** No valid credentials. */
  UNAUTHENTICATED,
  /** Valid credentials that do not allow this. */
  FORBIDDEN,
  NOT_FOUND,
  /** The request contradicts the current state (a concurrent change, a duplicate name). */
  CONFLICT,
  /** A request (its body) did not arrive in time. */
  TIMED_OUT,
  /** A condition the client set on the request (the version it saw) no longer holds. */
  PRECONDITION_FAILED,
  /** The request, or what it would make, is larger than a bound. */
  TOO_LARGE,
  /** A body of a kind this request does not take. */
  UNSUPPORTED_MEDIA_TYPE,
  /** Well-formed and understood, but cannot be done as asked (e.g. a commandId reused for another command). */
  UNPROCESSABLE,
  /** Too many attempts: try again later ({@link Rejection#retryAfterSeconds()} says when). */
  TOO_MANY_REQUESTS,
  /** A part Lineup needs (the store) cannot be reached now: try again shortly. */
  UNAVAILABLE,
  /** A fault of ours. */
  INTERNAL
}
