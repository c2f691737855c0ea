namespace RecoveryFunctions.Functions.Contracts;

public sealed record RecoveryPasswordBody(string FlowId, string NewPassword, string NewPasswordConfirmation);
