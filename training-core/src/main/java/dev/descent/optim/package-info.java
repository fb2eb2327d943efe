/**
 * Optimizers with PyTorch's param groups and lazily created state (SGD, Momentum, RMSprop, Adam, AdamW, Adagrad,
 * Adadelta, L-BFGS), each rule written once beside its typed hyper-parameters; lr schedules; gradient clipping; and the
 * factories that make them from the contract's {@code OptimizerConfig} and {@code ScheduleConfig}. Imports
 * {@code spec}, the tensor core and {@code backend}; never {@code train} or {@code cli}.
 */
package dev.descent.optim;
