/**
 * How a bridge is described, once, for every door: a table of methods, each either `invoke`d in
 * main (its arguments as a zod tuple, checked at the door before the service runs) or answered
 * `local`ly by the door itself (the sheet URL). From such a table main/electron/preload.ts and
 * renderer/bridge/httpBridge.ts build the renderer's side, and main/electron/ipc.ts and
 * main/host/bridgeRoute.ts serve main's side through `dispatchBridgeCall`.
 */
import { z } from 'zod';

/** A tuple schema: the arguments of one call. */
export type ArgsSchema = z.ZodType<readonly unknown[]>;

export interface InvokeEntry<I extends ArgsSchema = ArgsSchema> {
  readonly kind: 'invoke';
  /** Names the call in a client's errors ("Package import failed: …"). */
  readonly label: string;
  readonly input: I;
}

export interface LocalEntry {
  readonly kind: 'local';
}

export type BridgeEntry = InvokeEntry | LocalEntry;
export type BridgeContract = Readonly<Record<string, BridgeEntry>>;

export function invoke<I extends ArgsSchema>(label: string, input: I): InvokeEntry<I> {
  return { kind: 'invoke', label, input };
}

export const LOCAL: LocalEntry = { kind: 'local' };

/** The names of the `invoke` methods (any string for a contract not known statically). */
export type InvokeMethodOf<C extends BridgeContract> = string extends keyof C ? string : { [M in keyof C & string]: C[M] extends InvokeEntry ? M : never }[keyof C & string];
export type LocalMethodOf<C extends BridgeContract> = Exclude<keyof C & string, InvokeMethodOf<C>>;
/** The checked arguments of method M. */
export type ArgsOf<C extends BridgeContract, M extends InvokeMethodOf<C>> = C[M] extends InvokeEntry<infer I> ? z.output<I> : never;

/** The functions main serves a contract with: one per `invoke` method. */
export type ServicesOf<C extends BridgeContract> = { readonly [M in InvokeMethodOf<C>]: (...args: ArgsOf<C, M>) => unknown };

export function invokeMethodsOf<C extends BridgeContract>(contract: C): Array<InvokeMethodOf<C>> {
  return (Object.keys(contract) as Array<keyof C & string>).filter((name): name is InvokeMethodOf<C> => contract[name]!.kind === 'invoke');
}

/** The contract's entry for `method` when it is an own `invoke` method, else null (an unknown name from a door). */
export function invokeEntryOf(contract: BridgeContract, method: string): InvokeEntry | null {
  if (!Object.hasOwn(contract, method)) return null;
  const entry = contract[method];
  return entry?.kind === 'invoke' ? entry : null;
}

/** The Node host serves `invoke` method NAME at `POST /api/bridge/NAME`, its JSON body the argument array. */
export const BRIDGE_ROUTE = '/api/bridge/';

/**
 * The Node host's session secret (main/host/session.ts): every /api call carries it, as the
 * cookie the launch URL `LAUNCH_ROUTE?k=SECRET` sets or in this header (tests, tools).
 */
export const HOST_SECRET_HEADER = 'x-station-secret';
export const LAUNCH_ROUTE = '/launch';

export function bridgeRouteOf(method: string): string {
  return `${BRIDGE_ROUTE}${encodeURIComponent(method)}`;
}

/** Arguments refused at a door: the method's input schema does not accept them. */
export class BridgeInputError extends TypeError {
  constructor(
    readonly method: string,
    /** What is wrong, without the method name (`invalid journal entry: record.round: …`). */
    readonly detail: string,
  ) {
    super(`${method}: ${detail}`);
    this.name = 'BridgeInputError';
  }
}

function describeArgument(input: ArgsSchema, index: number): string {
  const items = (input as unknown as { def?: { items?: readonly z.ZodType[] } }).def?.items;
  return items?.[index]?.description ?? `argument ${index}`;
}

/** The arguments of a call, checked; throws a BridgeInputError naming the first problem. */
export function validateBridgeArgs(contract: BridgeContract, method: string, args: readonly unknown[]): unknown[] {
  const entry = invokeEntryOf(contract, method);
  if (!entry) throw new BridgeInputError(method, 'no such method');
  // Trailing `undefined`s (an omitted optional argument) do not count.
  let length = args.length;
  while (length > 0 && args[length - 1] === undefined) length--;
  const parsed = entry.input.safeParse(args.slice(0, length));
  if (parsed.success) return [...parsed.data];
  const first = parsed.error.issues[0];
  const [index, ...rest] = first?.path ?? [];
  const where = typeof index === 'number' ? `${describeArgument(entry.input, index)}${rest.length > 0 ? `: ${rest.map(String).join('.')}` : ''}` : 'arguments';
  throw new BridgeInputError(method, `invalid ${where}: ${first?.message ?? 'invalid'}`);
}

/** One call through any door: the arguments checked by the contract, then the service. */
export async function dispatchBridgeCall(contract: BridgeContract, services: object, method: string, args: readonly unknown[]): Promise<unknown> {
  const valid = validateBridgeArgs(contract, method, args);
  const call = (services as Record<string, unknown>)[method];
  if (typeof call !== 'function') throw new Error(`${method}: no service`);
  return (call as (...callArgs: unknown[]) => unknown).apply(services, valid);
}
