namespace Domain.Tests;

/// <summary>
/// A pure given/when/then specification of a decider: fold the given events with Evolve, decide the command, and
/// compare the decided events by record equality (or expect a refusal, or look at the resulting state).
/// </summary>
public sealed class Spec<TState, TEvent, TCommand>
    where TState : notnull
    where TEvent : notnull
    where TCommand : class
{
    private readonly TState _initial;
    private readonly Func<TState, TEvent, TState> _evolve;
    private readonly Func<TCommand, TState, IReadOnlyList<TEvent>> _decide;
    private readonly TEvent[] _given;
    private readonly TCommand? _command;

    public Spec(TState initial, Func<TState, TEvent, TState> evolve, Func<TCommand, TState, IReadOnlyList<TEvent>> decide)
        : this(initial, evolve, decide, [], null)
    {
    }

    private Spec(
        TState initial,
        Func<TState, TEvent, TState> evolve,
        Func<TCommand, TState, IReadOnlyList<TEvent>> decide,
        TEvent[] given,
        TCommand? command)
    {
        (_initial, _evolve, _decide, _given, _command) = (initial, evolve, decide, given, command);
    }

    public Spec<TState, TEvent, TCommand> Given(params TEvent[] events) =>
        new(_initial, _evolve, _decide, [.. _given, .. events], _command);

    public Spec<TState, TEvent, TCommand> When(TCommand command) => new(_initial, _evolve, _decide, _given, command);

    /// <summary>The command decides exactly these events; they must also fold without error.</summary>
    public void Then(params TEvent[] expected)
    {
        var actual = Decide();
        Assert.Equal(expected, actual);
        _ = actual.Aggregate(GivenState(), _evolve);
    }

    /// <summary>The command is already satisfied: it decides no events.</summary>
    public void ThenNothing() => Then();

    public TException ThenThrows<TException>() where TException : Exception => Assert.Throws<TException>(() => Decide());

    /// <summary>The state after the given events and, if there is a command, the events it decides.</summary>
    public void ThenState(Action<TState> assert)
    {
        var state = GivenState();
        if (_command is not null)
            state = _decide(_command, state).Aggregate(state, _evolve);
        assert(state);
    }

    private TState GivenState() => _given.Aggregate(_initial, _evolve);

    private IReadOnlyList<TEvent> Decide() =>
        _decide(_command ?? throw new InvalidOperationException("Say When(command) first."), GivenState());
}
