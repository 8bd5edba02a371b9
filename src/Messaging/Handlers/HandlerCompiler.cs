using System.Linq.Expressions;
using System.Reflection;
using EventStore;
using Microsoft.Extensions.DependencyInjection;

namespace Messaging.Handlers;

/// <summary>
/// Turns a handler method (static or instance, <c>Handle</c>/<c>HandleAsync</c>) into a compiled delegate once, at
/// start-up: dispatching a message then costs no reflection. Parameters after the message may be the
/// <see cref="MessageContext"/>, a <see cref="CancellationToken"/>, the <see cref="EventStoreSession"/>,
/// <see cref="MessageMetadata"/>, or any service (resolved from the context's service provider).
/// </summary>
internal static class HandlerCompiler
{
    private delegate Task<object?> Invoker(object? instance, object message, MessageContext context, CancellationToken ct);

    public static IMessageHandler Compile(MethodInfo method)
    {
        var messageType = method.GetParameters()[0].ParameterType;
        var instance = Expression.Parameter(typeof(object), "instance");
        var message = Expression.Parameter(typeof(object), "message");
        var context = Expression.Parameter(typeof(MessageContext), "context");
        var ct = Expression.Parameter(typeof(CancellationToken), "ct");

        var args = method.GetParameters().Select((p, i) => i == 0 ? Expression.Convert(message, messageType) : Argument(p.ParameterType, context, ct));
        var call = method.IsStatic
            ? Expression.Call(method, args)
            : Expression.Call(Expression.Convert(instance, method.DeclaringType!), method, args);
        var body = WrapResult(call, method.ReturnType);
        var invoker = Expression.Lambda<Invoker>(body, instance, message, context, ct).Compile();

        Func<IServiceProvider?, object?> factory = method.IsStatic ? _ => null : Factory(method.DeclaringType!);
        return new CompiledHandler(messageType, invoker, factory);
    }

    private static Expression Argument(Type type, ParameterExpression context, ParameterExpression ct)
    {
        if (type == typeof(MessageContext)) return context;
        if (type == typeof(CancellationToken)) return ct;
        if (type == typeof(EventStoreSession)) return Expression.Property(context, nameof(MessageContext.Session));
        if (type == typeof(MessageMetadata)) return Expression.Property(context, nameof(MessageContext.Metadata));
        var resolve = typeof(HandlerCompiler).GetMethod(nameof(Resolve), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type);
        return Expression.Call(resolve, context);
    }

    private static T Resolve<T>(MessageContext context) where T : notnull =>
        context.Services is { } services ? services.GetRequiredService<T>() : throw new InvalidOperationException($"Handler needs {typeof(T).Name} but the bus has no service provider.");

    private static Expression WrapResult(MethodCallExpression call, Type returnType)
    {
        if (returnType == typeof(void)) return Expression.Block(call, Expression.Constant(Task.FromResult<object?>(null)));
        if (returnType == typeof(Task)) return Expression.Call(typeof(HandlerCompiler).GetMethod(nameof(FromTask), BindingFlags.NonPublic | BindingFlags.Static)!, call);
        if (returnType == typeof(ValueTask))
            return Expression.Call(typeof(HandlerCompiler).GetMethod(nameof(FromTask), BindingFlags.NonPublic | BindingFlags.Static)!,
                Expression.Call(call, typeof(ValueTask).GetMethod(nameof(ValueTask.AsTask))!));
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
            return Expression.Call(typeof(HandlerCompiler).GetMethod(nameof(FromTaskOf), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(returnType.GetGenericArguments()[0]),
                Expression.Call(call, returnType.GetMethod(nameof(ValueTask<int>.AsTask))!));
        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
            return Expression.Call(typeof(HandlerCompiler).GetMethod(nameof(FromTaskOf), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(returnType.GetGenericArguments()[0]), call);
        return Expression.Call(typeof(Task).GetMethod(nameof(Task.FromResult))!.MakeGenericMethod(typeof(object)), Expression.Convert(call, typeof(object)));
    }

    private static async Task<object?> FromTask(Task task)
    {
        await task;
        return null;
    }

    private static async Task<object?> FromTaskOf<T>(Task<T> task) => await task;

    private static Func<IServiceProvider?, object?> Factory(Type type)
    {
        var parameterless = type.GetConstructor(Type.EmptyTypes);
        if (parameterless is not null)
        {
            var create = Expression.Lambda<Func<object>>(Expression.New(parameterless)).Compile();
            return _ => create();
        }
        var factory = ActivatorUtilities.CreateFactory(type, []);
        return services => factory(services ?? throw new InvalidOperationException($"{type.Name} needs constructor services but the bus has no service provider."), null);
    }

    private sealed class CompiledHandler(Type messageType, Invoker invoker, Func<IServiceProvider?, object?> factory) : IMessageHandler
    {
        public Type MessageType => messageType;

        public Task<object?> HandleAsync(object message, MessageContext context, CancellationToken ct) =>
            invoker(factory(context.Services), message, context, ct);
    }
}
