import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request head has not fully arrived `timeout` after the
/// connection opened or after the first byte of a later request (slowloris: a client that
/// trickles header bytes holds a connection forever, since each byte looks like activity).
/// Only a completed head stops the clock, so trickled bytes never extend it. Between
/// requests a silent keep-alive connection is the idle timeout's business, not this one's.
///
/// Hummingbird adds extra handlers after the HTTP decoder, which says nothing until a head
/// is complete; so this handler puts a `RequestStartWatcher` before the decoder to learn
/// when a request's first byte comes in.
final class HeaderTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    private var context: ChannelHandlerContext?
    private var timer: Scheduled<Void>?
    /// Between a head and its end: arriving bytes are that request's body, not a new head.
    private var readingRequest = false
    /// Requests whose response has not ended: a response being written (an event stream,
    /// for minutes) is never cut, so a timeout during it waits for the response to end.
    private var responding = 0
    private var expiredWhileResponding = false

    init(timeout: TimeAmount) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        try? context.pipeline.syncOperations.addHandler(RequestStartWatcher(self), position: .first)
        if context.channel.isActive { arm() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        arm()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            disarm()
            readingRequest = true
            responding += 1
        case .body: break
        case .end: readingRequest = false
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            responding = max(0, responding - 1)
            // The stalled next head gets a full timeout from the end of this response.
            if responding == 0, expiredWhileResponding {
                expiredWhileResponding = false
                arm()
            }
        }
        context.write(data, promise: promise)
    }

    /// Bytes reached the decoder: outside a request they begin the next head.
    fileprivate func bytesArrived() {
        if !readingRequest, timer == nil, !expiredWhileResponding { arm() }
    }

    private func arm() {
        guard timer == nil, let context else { return }
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            timer = nil
            if responding > 0 { expiredWhileResponding = true } else { self.context?.close(promise: nil) }
        }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
        expiredWhileResponding = false
    }
}

/// Sits before the HTTP decoder and tells its `HeaderTimeoutHandler` that bytes arrived.
private final class RequestStartWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    // Strong, but no cycle outlives the channel: the pipeline drops both handlers on close.
    private let owner: HeaderTimeoutHandler

    init(_ owner: HeaderTimeoutHandler) { self.owner = owner }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        owner.bytesArrived()
        context.fireChannelRead(data)
    }
}
