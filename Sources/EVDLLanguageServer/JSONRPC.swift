/// A JSON-RPC error as a response carries it.
public struct ResponseError: Error, Hashable, Sendable {
    /// The error code.
    public var code: Int
    /// A lowercase message.
    public var message: String

    /// Creates an error.
    public init(_ code: Int, _ message: String) {
        self.code = code
        self.message = message
    }

    /// -32700: the content is not JSON.
    public static let parseError = -32700
    /// -32600: JSON, but not a request or notification.
    public static let invalidRequest = -32600
    /// -32601: no such method.
    public static let methodNotFound = -32601
    /// -32602: the parameters are wrong.
    public static let invalidParams = -32602
    /// -32603: the server failed.
    public static let internalError = -32603
    /// -32002: a request before `initialize`.
    public static let serverNotInitialized = -32002
    /// -32800: the client cancelled the request.
    public static let requestCancelled = -32800
    /// -32803: the request was understood but cannot be done (a rename that would clash).
    public static let requestFailed = -32803

    /// An invalid-parameters error.
    static func params(_ message: String) -> ResponseError { ResponseError(invalidParams, message) }
}

/// A message as received: a request (with an id), a notification, or a response to the server.
enum IncomingMessage {
    case request(id: JSON, method: String, params: JSON?)
    case notification(method: String, params: JSON?)
    case response

    /// Classifies a parsed JSON value, or says why it is not a JSON-RPC 2.0 message (and the id to answer, if any).
    static func classify(_ json: JSON) -> Result<IncomingMessage, RejectedMessage> {
        guard case .object = json else { return .failure(RejectedMessage(id: .null, message: "a message must be a JSON object")) }
        let id = json["id"]
        if let id {
            switch id {
            case .int, .string, .null: break
            case .double, .bool, .array, .object:
                return .failure(RejectedMessage(id: .null, message: "`id` must be a number or a string"))
            }
        }
        guard json["jsonrpc"]?.string == "2.0" else {
            return .failure(RejectedMessage(id: id ?? .null, message: "`jsonrpc` must be \"2.0\""))
        }
        if let params = json["params"] {
            switch params {
            case .object, .array: break
            case .null, .bool, .int, .double, .string:
                return .failure(RejectedMessage(id: id ?? .null, message: "`params` must be an object or an array"))
            }
        }
        guard let methodValue = json["method"] else {
            if id != nil, json["result"] != nil || json["error"] != nil { return .success(.response) }
            return .failure(RejectedMessage(id: id ?? .null, message: "a message needs a `method`"))
        }
        guard let method = methodValue.string else {
            return .failure(RejectedMessage(id: id ?? .null, message: "`method` must be a string"))
        }
        if let id { return .success(.request(id: id, method: method, params: json["params"])) }
        return .success(.notification(method: method, params: json["params"]))
    }
}

/// Why a message was refused, and the id the error answers.
struct RejectedMessage: Error {
    var id: JSON
    var message: String
}

/// Building outgoing messages.
enum Outgoing {
    static func response(id: JSON, result: JSON) -> JSON { ["jsonrpc": "2.0", "id": id, "result": result] }

    static func error(id: JSON, _ error: ResponseError) -> JSON {
        ["jsonrpc": "2.0", "id": id, "error": ["code": .int(error.code), "message": .string(error.message)]]
    }

    static func notification(_ method: String, _ params: JSON) -> JSON { ["jsonrpc": "2.0", "method": .string(method), "params": params] }
}
