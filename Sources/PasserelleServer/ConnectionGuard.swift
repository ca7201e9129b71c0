import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Time limits on the connection itself, below the router (a request's own time limit is `WorkPool`'s):
/// - a request's head must arrive within `headerSeconds` of the connection opening or of the previous
///   answer's end (slow headers, and idle keep-alive connections, are closed);
/// - a body must keep arriving at `minimumBodyBytesPerSecond` on average once `bodyGraceSeconds` have
///   passed (a body trickling 5 bytes every 5 s is cut with 408 at the end of the grace period);
/// - a request without keep-alive (HTTP/1.0 without `Connection: keep-alive`) gets `Connection: close`,
///   so the connection closes as soon as the answer is sent, not at the idle timeout;
/// - a request the HTTP parser refuses gets a JSON 400 (the framework's own is empty) and the connection closes.
///
/// It sits between NIO's HTTP/1 decoder and Hummingbird's HTTP-types codec (`ConnectionGuard.Installer`
/// puts it there, being only allowed after the codec).
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    struct Limits: Sendable {
        var headerSeconds: Double
        var bodyGraceSeconds: Double
        var minimumBodyBytesPerSecond: Double
    }

    private let limits: Limits
    private let logger: Logger
    private var headTimer: Scheduled<Void>?
    private var inBody = false
    private var bodyStart = NIODeadline.now()
    private var bodyBytes = 0
    private var responseStarted = false
    private var requestInFlight = false
    private var closeAfterResponse = false

    init(limits: Limits, logger: Logger) {
        self.limits = limits
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { waitForHead(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        waitForHead(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimers()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { cancelTimers() }

    private func cancelTimers() {
        headTimer?.cancel(); headTimer = nil
        bodyCheck?.cancel(); bodyCheck = nil
    }

    private func waitForHead(_ context: ChannelHandlerContext) {
        headTimer?.cancel()
        let loop = context.eventLoop.assumeIsolatedUnsafeUnchecked()
        headTimer = loop.scheduleTask(in: .nanoseconds(Int64(limits.headerSeconds * 1e9))) { [self] in
            headTimer = nil
            guard !requestInFlight else { return }
            context.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(var head):
            headTimer?.cancel(); headTimer = nil
            requestInFlight = true
            responseStarted = false
            closeAfterResponse = !head.isKeepAlive
            if closeAfterResponse { head.headers.replaceOrAdd(name: "connection", value: "close") }
            inBody = true
            bodyStart = .now()
            bodyBytes = 0
            startBodyWatch(context)
            context.fireChannelRead(wrapInboundOut(.head(head)))
        case .body(let buffer):
            bodyBytes += buffer.readableBytes
            context.fireChannelRead(data)
        case .end:
            inBody = false
            bodyCheck?.cancel(); bodyCheck = nil
            context.fireChannelRead(data)
        }
    }

    private func startBodyWatch(_ context: ChannelHandlerContext) {
        scheduleBodyCheck(context, in: limits.bodyGraceSeconds)
    }

    private var bodyCheck: Scheduled<Void>?

    private func scheduleBodyCheck(_ context: ChannelHandlerContext, in seconds: Double) {
        bodyCheck?.cancel()
        let loop = context.eventLoop.assumeIsolatedUnsafeUnchecked()
        bodyCheck = loop.scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) { [self] in
            bodyCheck = nil
            guard inBody else { return }
            let elapsed = Double((NIODeadline.now() - bodyStart).nanoseconds) / 1e9
            guard Double(bodyBytes) < limits.minimumBodyBytesPerSecond * elapsed else {
                scheduleBodyCheck(context, in: 1)
                return
            }
            logger.info("request body too slow, connection closed", metadata: ["bytes": .stringConvertible(bodyBytes), "seconds": .string(String(format: "%.1f", elapsed))])
            refuse(context, status: .requestTimeout,
                   message: "the request body arrived too slowly (\(bodyBytes) bytes in \(Int(elapsed)) s; at least \(Int(limits.minimumBodyBytesPerSecond)) bytes/s are needed)")
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is HTTPParserError {
            refuse(context, status: .badRequest, message: "the request is not valid HTTP/1.1 (\(error))")
            return
        }
        context.fireErrorCaught(error)
    }

    /// Answers with a JSON error (unless an answer has begun) and closes the connection.
    private func refuse(_ context: ChannelHandlerContext, status: HTTPResponseStatus, message: String) {
        cancelTimers()
        guard !responseStarted else { context.close(promise: nil); return }
        responseStarted = true
        let body = (try? JSONSerialization.data(withJSONObject: ["error": message], options: [.sortedKeys])) ?? Data("{\"error\": \"bad request\"}".utf8)
        var buffer = context.channel.allocator.buffer(capacity: body.count + 1)
        buffer.writeBytes(body)
        buffer.writeString("\n")
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json; charset=utf-8")
        headers.add(name: "content-length", value: String(buffer.readableBytes))
        headers.add(name: "connection", value: "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head):
            if responseStarted { promise?.fail(ChannelError.ioOnClosedChannel); return }   // refused already
            responseStarted = true
            if closeAfterResponse {
                head.headers.replaceOrAdd(name: "connection", value: "close")
                context.write(wrapOutboundOut(.head(head)), promise: promise)
                return
            }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            requestInFlight = false
            context.write(data, promise: promise)
            if !closeAfterResponse { waitForHead(context) }
        }
    }

    /// Added by Hummingbird after its HTTP-types codec (the only place it allows), it puts a
    /// `ConnectionGuard` right after NIO's HTTP/1 decoder, then only passes parts through.
    final class Installer: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = Any
        let limits: Limits
        let logger: Logger
        init(limits: Limits, logger: Logger) {
            self.limits = limits
            self.logger = logger
        }
        func handlerAdded(context: ChannelHandlerContext) {
            let operations = context.pipeline.syncOperations
            guard let decoder = try? operations.context(handlerType: ByteToMessageHandler<HTTPRequestDecoder>.self) else {
                logger.error("HTTP/1 decoder not found: the connection guard is not installed")
                return
            }
            try? operations.addHandler(ConnectionGuard(limits: limits, logger: logger), position: .after(decoder.handler))
        }
    }
}
