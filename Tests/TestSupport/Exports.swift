// The strict fakes of the pure tier (StubPaymentGateway, InMemoryPaymentAttemptStore) come
// with TestSupport for the database tier too.
@_exported import DomainTestSupport
