import NIOCore
import NIOHTTPTypes
import Synchronization

/// How many connections one process holds open, shared by every connection's
/// `ConnectionLimitHandler` (they run on different event loops, hence the atomic).
final class ConnectionBudget: Sendable {
    let limit: Int
    private let open = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    /// Takes a place if one is free.
    func take() -> Bool {
        if open.wrappingAdd(1, ordering: .relaxed).newValue <= limit { return true }
        open.wrappingSubtract(1, ordering: .relaxed)
        return false
    }

    /// Gives a taken place back.
    func give() { open.wrappingSubtract(1, ordering: .relaxed) }

    /// Connections holding a place now.
    var current: Int { open.load(ordering: .relaxed) }
}

/// Closes a connection at once when the process already holds `budget.limit` of them:
/// each open connection costs a file descriptor and buffers, and a flood of idle ones
/// would otherwise exhaust them before any timeout fires. Passes every part on untouched.
final class ConnectionLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private enum State { case waiting, admitted, done }
    private let budget: ConnectionBudget
    private var state = State.waiting

    init(budget: ConnectionBudget) { self.budget = budget }

    func handlerAdded(context: ChannelHandlerContext) {
        // Closing now would break the pipeline set-up still adding handlers behind this one.
        if context.channel.isActive {
            context.eventLoop.assumeIsolated().execute { [self] in _ = admit(context) }
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        // A refused connection is closed, so nothing behind learns it was ever active.
        if admit(context) { context.fireChannelActive() }
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { release() }

    private func admit(_ context: ChannelHandlerContext) -> Bool {
        guard state == .waiting else { return state == .admitted }
        if budget.take() {
            state = .admitted
            return true
        }
        state = .done
        context.close(promise: nil)
        return false
    }

    private func release() {
        if state == .admitted { budget.give() }
        state = .done
    }
}
