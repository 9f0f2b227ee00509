// The REST routes of openapi/openapi.json as types, read from the generated `paths` map: which
// methods a path answers, its path and query parameters, its JSON body and its success answer.
// RestApi calls the server through these, so a route, parameter, body or answer that changes on
// the server fails `tsc` where the client uses it.

import type { paths } from "../../packages/client/src/generated/rest";

/** A path template of the document, e.g. `/api/conversations/{id}`. */
export type Path = keyof paths;
export type Method = "get" | "put" | "post" | "delete" | "patch";

/** The methods path `P` answers. */
export type MethodOf<P extends Path> = { [M in Method]: paths[P][M] extends undefined ? never : M }[Method];

/** The operation `method` on `path` (never when the path does not answer it). */
export type Operation<P extends Path, M extends Method> = NonNullable<paths[P][M]>;

/** The paths that answer `method`. */
export type PathWith<M extends Method> = { [P in Path]: M extends MethodOf<P> ? P : never }[Path];

/** Path and query parameters, required where the document requires them. */
type ParamsOf<O> = O extends { parameters: infer X } ? Pick<X, "path" & keyof X> & Pick<X, "query" & keyof X> : never;

/** The JSON body of operation `O` (never when it takes none). */
export type JsonBodyOf<O> = O extends { requestBody: { content: { "application/json": infer B } } } ? B : never;

/** The JSON body an operation requires, if any. */
type BodyOf<O> = [JsonBodyOf<O>] extends [never] ? { body?: never } : { body: JsonBodyOf<O> };

/** What a request of operation `O` gives besides its method and path. */
export type RequestOf<O> = ParamsOf<O> & BodyOf<O>;

/** `RequestOf<O>` as the arguments after the path: optional when nothing in it is required. */
export type RequestArgs<O> = object extends RequestOf<O> ? [request?: RequestOf<O>] : [request: RequestOf<O>];

type Success = 200 | 201 | 202 | 204;

/** The JSON body of an operation's success answers; `void` for those without one (204, 202). */
export type AnswerOf<O> = O extends { responses: infer R }
  ? { [C in keyof R & Success]: R[C] extends { content: { "application/json": infer J } } ? J : void }[keyof R & Success]
  : never;

/** A path template filled with its parameters, each URL-encoded. */
export function fill(template: Path, params?: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`${template}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
}
