namespace RecoveryFunctions.Core.Questions;

/// <summary>
/// The questions a holder can choose at registration. Ids are stored on accounts: never renumber,
/// only append (retire a question by leaving it out of <see cref="Offered"/>).
/// </summary>
public static class SecurityQuestionCatalog
{
    private static readonly SecurityQuestion[] All =
    [
        new(1, "Quel est le nom de jeune fille de votre grand-mère maternelle\u202F?", "What is your maternal grandmother’s maiden name?"),
        new(2, "Quel était le nom de votre premier animal de compagnie\u202F?", "What was the name of your first pet?"),
        new(3, "Dans quelle ville vos parents se sont-ils rencontrés\u202F?", "In which city did your parents meet?"),
        new(4, "Quel était le nom de votre école primaire\u202F?", "What was the name of your primary school?"),
        new(5, "Quel est le prénom de votre meilleur ami d’enfance\u202F?", "What is the first name of your childhood best friend?"),
        new(6, "Quel était le modèle de votre première voiture\u202F?", "What was the model of your first car?"),
        new(7, "Dans quelle rue habitiez-vous à l’âge de dix ans\u202F?", "Which street did you live on at the age of ten?"),
        new(8, "Quel est le métier que vous rêviez d’exercer enfant\u202F?", "Which job did you dream of doing as a child?"),
        new(9, "Quel est le prénom de l’aîné de vos cousins\u202F?", "What is the first name of your eldest cousin?"),
        new(10, "Dans quelle ville avez-vous obtenu votre premier emploi\u202F?", "In which city did you get your first job?"),
    ];

    public static IReadOnlyList<SecurityQuestion> Offered => All;

    public static SecurityQuestion? Find(int id) => Array.Find(All, q => q.Id == id);
}
