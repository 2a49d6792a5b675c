import PinganDomain
import AsyncKit
import Vapor

/// Every error the API answers with: a status, a stable machine code and a message a person can
/// act on. Rendered as `{"error":{"code","message"}}` by `ErrorShapeMiddleware`.
package struct APIError: AbortError, DebuggableError, Sendable {
    package var status: HTTPResponseStatus
    package var code: String
    package var message: String
    package var headers: HTTPHeaders = [:]

    package var reason: String { message }
    package var identifier: String { code }

    package static func badRequest(_ message: String, code: String = "bad_request") -> APIError {
        APIError(status: .badRequest, code: code, message: message)
    }
    package static func validation(_ message: String) -> APIError {
        APIError(status: .unprocessableEntity, code: "validation_failed", message: message)
    }
    /// Unknown ids and out-of-scope records get the same answer, so a user cannot learn that
    /// a record exists outside their jurisdiction.
    package static func notFound(_ what: String = "记录") -> APIError {
        APIError(status: .notFound, code: "not_found", message: "\(what)不存在 / not found")
    }
    package static let unauthorized = APIError(status: .unauthorized, code: "unauthorized", message: "请先登录 / authentication required")
    package static let forbidden = APIError(status: .forbidden, code: "forbidden", message: "无权执行此操作 / not allowed for your role")
    package static func conflict(_ message: String, code: String = "conflict") -> APIError {
        APIError(status: .conflict, code: code, message: message)
    }

    package init(status: HTTPResponseStatus, code: String, message: String, headers: HTTPHeaders = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }
}

/// The one place errors become responses: JSON for the API (and any client asking for JSON),
/// a friendly Chinese page for browsers. A 500 here is a bug, logged with its cause.
package struct ErrorShapeMiddleware: AsyncMiddleware {
    package let environment: Environment

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return Self.response(for: error, request: request, environment: environment)
        }
    }

    package static func response(for error: any Error, request: Request, environment: Environment) -> Response {
        let (status, code, message, headers) = classify(error)
        if status == .internalServerError {
            request.logger.report(error: error)
        } else if status == .serviceUnavailable {
            request.logger.warning("answered 503: \(error)")
        }
        let wantsJSON = request.url.path.hasPrefix("/api/") || request.url.path.hasPrefix("/healthz")
            || request.url.path.hasPrefix("/readyz") || request.headers.accept.mediaTypes.contains(.json)
        var h = headers
        let body: Response.Body
        if wantsJSON {
            h.contentType = .json
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            body = .init(data: (try? encoder.encode(ErrorBody(error: .init(code: code, message: message)))) ?? Data())
        } else {
            h.contentType = .html
            body = .init(string: ErrorPage.html(status: status, message: message))
        }
        return Response(status: status, headers: h, body: body)
    }

    package static func classify(_ error: any Error) -> (HTTPResponseStatus, String, String, HTTPHeaders) {
        switch error {
        case let e as APIError:
            return (e.status, e.code, e.message, e.headers)
        case let e as DomainError:
            // The domain and the stores refuse in their own terms; this is where they become HTTP.
            let status: HTTPResponseStatus = switch e.kind {
            case .conflict: .conflict
            case .notFound: .notFound
            case .refused: .unprocessableEntity
            }
            return (status, e.code, "\(e.messageZh) / \(e.message)", [:])
        case is ConnectionPoolTimeoutError:
            // Every database connection stayed busy past the pool's wait (a burst on a small
            // server): nothing was done, and the client is told to come back shortly — the
            // phones' outboxes and the dispatcher's page retry a 503, as for any lost answer.
            var h = HTTPHeaders()
            h.replaceOrAdd(name: .retryAfter, value: "2")
            return (.serviceUnavailable, "busy", "服务器繁忙，请稍后重试 / server busy, try again shortly", h)
        case let e as DecodingError:
            return (.badRequest, "invalid_body", "请求内容格式错误 / malformed request: \(describe(e))", [:])
        case let e as AbortError:
            let code: String = switch e.status {
            case .notFound: "not_found"
            case .unauthorized: "unauthorized"
            case .forbidden: "forbidden"
            case .payloadTooLarge: "payload_too_large"
            case .unsupportedMediaType: "unsupported_media_type"
            case .methodNotAllowed: "method_not_allowed"
            default: e.status.code < 500 ? "bad_request" : "internal_error"
            }
            return (e.status, code, e.reason, e.headers)
        default:
            return (.internalServerError, "internal_error", "服务器内部错误，请联系管理员 / internal error", [:])
        }
    }

    /// A short, safe description of what was wrong with the body.
    package static func describe(_ e: DecodingError) -> String {
        func path(_ ctx: DecodingError.Context) -> String {
            var p = ""
            for key in ctx.codingPath {
                if let i = key.intValue { p += "[\(i)]" } else { p += (p.isEmpty ? "" : ".") + key.stringValue }
            }
            return p.isEmpty ? "body" : p
        }
        switch e {
        case .keyNotFound(let key, let ctx):
            let parent = path(ctx)
            return "missing field \(parent == "body" ? key.stringValue : parent + "." + key.stringValue)"
        case .typeMismatch(let type, let ctx): return "\(path(ctx)) has the wrong type (expected \(type))"
        case .valueNotFound(let type, let ctx): return "\(path(ctx)) is null (expected \(type))"
        case .dataCorrupted(let ctx): return ctx.codingPath.isEmpty ? "invalid JSON" : "\(path(ctx)): \(ctx.debugDescription)"
        @unknown default: return "invalid JSON"
        }
    }

    package init(environment: Environment) {
        self.environment = environment
    }
}

/// `{"error":{"code","message"}}`, the one error shape of the API.
package struct ErrorBody: Codable {
    package struct Detail: Codable {
        package var code: String
        package var message: String

        package init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }
    package var error: Detail

    package init(error: Detail) {
        self.error = error
    }
}

package enum ErrorPage {
    package static func html(status: HTTPResponseStatus, message: String) -> String {
        let title = switch status.code {
        case 404: "页面或记录不存在"
        case 401: "请先登录"
        case 403: "无权访问"
        case 400..<500: "请求有误"
        default: "服务器出错"
        }
        return """
        <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) - 平安</title><link rel="stylesheet" href="/css/app.css"></head>
        <body><main class="narrow"><h1>\(title)</h1><p>\(HTMLEscape.escape(message))</p><p><a href="/">返回首页</a></p></main></body></html>
        """
    }
}

package enum HTMLEscape {
    package static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
