namespace PanelIngest.Protocol;

/// <summary>
/// The result codes of the 0xEF answer (manual, 0xEF). 0x80–0x8F are "other errors" with no names;
/// <see cref="ResultCodes.Describe"/> still gives them a text.
/// </summary>
public enum ResultCode : byte
{
    Ok = 0x00,
    UserCodeNotFound = 0x01,
    NoAccess = 0x02,
    UserDoesNotExist = 0x03,
    UserAlreadyExists = 0x04,
    WrongCodeOrCodeAlreadyExists = 0x05,
    TelephoneCodeAlreadyExists = 0x06,
    ChangedCodeIsTheSame = 0x07,
    OtherError = 0x08,
    CannotArmButCanForceArm = 0x11,
    CannotArm = 0x12,

    /// <summary>Data length and CRC were fine and the command will be processed; its effect shows in the state.</summary>
    CommandAccepted = 0xFF,
}

/// <summary>Meanings of <see cref="ResultCode"/> values, in the manual's words.</summary>
public static class ResultCodes
{
    /// <summary>What <paramref name="code"/> means.</summary>
    public static string Describe(byte code) => (ResultCode)code switch
    {
        ResultCode.Ok => "ok",
        ResultCode.UserCodeNotFound => "requesting user code not found",
        ResultCode.NoAccess => "no access",
        ResultCode.UserDoesNotExist => "selected user does not exist",
        ResultCode.UserAlreadyExists => "selected user already exists",
        ResultCode.WrongCodeOrCodeAlreadyExists => "wrong code or code already exists",
        ResultCode.TelephoneCodeAlreadyExists => "telephone code already exists",
        ResultCode.ChangedCodeIsTheSame => "changed code is the same",
        ResultCode.OtherError => "other error",
        ResultCode.CannotArmButCanForceArm => "can not arm, but can use force arm",
        ResultCode.CannotArm => "can not arm",
        ResultCode.CommandAccepted => "command accepted, will be processed",
        _ when code is >= 0x80 and <= 0x8F => $"other error 0x{code:X2}",
        _ => $"unknown result 0x{code:X2}",
    };

    /// <summary>Whether the module took the command: 0x00 ok, or 0xFF accepted for processing.</summary>
    public static bool IsSuccess(ResultCode code) => code is ResultCode.Ok or ResultCode.CommandAccepted;
}
